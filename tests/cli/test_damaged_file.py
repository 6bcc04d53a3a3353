from workbench.cli import main


def test_any_command_on_a_damaged_file_says_so_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "portfolio.db"
    bad.write_bytes(b"not a database" * 100)
    assert main(["--db", str(bad), "info"]) == 4
    err = capsys.readouterr().err
    assert "damaged" in err and "已损坏" in err
    assert "Traceback" not in err
