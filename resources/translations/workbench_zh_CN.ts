<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminMenu</name>
    <message>
        <source>&amp;User accounts…</source>
        <translation>用户账号(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;LPR history…</source>
        <translation>LPR 历史(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Change my password…</source>
        <translation>修改我的密码(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>ApplicationDialog</name>
    <message>
        <source>Credit application %1</source>
        <translation>授信申请 %1</translation>
    </message>
    <message>
        <source>New credit application</source>
        <translation>新建授信申请</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Save and submit</source>
        <translation>保存并提交</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Search clients by name or USCC</source>
        <translation>按名称或统一社会信用代码搜索客户</translation>
    </message>
    <message>
        <source>Find client</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>元, e.g. 500000 or 50万</source>
        <translation>元，如 500000 或 50万</translation>
    </message>
    <message>
        <source>Amount (元)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>1-year LPR</source>
        <translation>1 年期 LPR</translation>
    </message>
    <message>
        <source>5-year LPR</source>
        <translation>5 年期以上 LPR</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>Repayment method</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <source>Guarantee type</source>
        <translation>担保方式</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Appraised value (元)</source>
        <translation>评估价值（元）</translation>
    </message>
    <message>
        <source>Loan-to-value (%)</source>
        <translation>抵押率（%）</translation>
    </message>
    <message>
        <source>Collateral</source>
        <translation>抵质押物</translation>
    </message>
    <message>
        <source>Guarantor (client name or person)</source>
        <translation>保证人（客户名称或个人）</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Guarantors</source>
        <translation>保证人</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Business overview</source>
        <translation>经营概况</translation>
    </message>
    <message>
        <source>Repayment source</source>
        <translation>还款来源</translation>
    </message>
    <message>
        <source>Risks</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Client context</source>
        <translation>客户情况</translation>
    </message>
    <message>
        <source>Size class</source>
        <translation>企业规模</translation>
    </message>
    <message>
        <source>Inclusive (普惠) now</source>
        <translation>当前是否普惠</translation>
    </message>
    <message>
        <source>Inclusive if approved</source>
        <translation>批准后是否普惠</translation>
    </message>
    <message>
        <source>Client exposure (元)</source>
        <translation>客户授信敞口（元）</translation>
    </message>
    <message>
        <source>Client exposure if approved (元)</source>
        <translation>批准后客户授信敞口（元）</translation>
    </message>
    <message>
        <source>Supply chain exposure (元)</source>
        <translation>供应链敞口（元）</translation>
    </message>
    <message>
        <source>Supply chain if approved (元)</source>
        <translation>批准后供应链敞口（元）</translation>
    </message>
    <message>
        <source>— choose a client —</source>
        <translation>— 请选择客户 —</translation>
    </message>
    <message>
        <source>LPR %1 (published %2) + spread = %3</source>
        <translation>LPR %1（%2 发布）+ 加点 = %3</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Enter the amount in 元, e.g. 500000 or 50万.</source>
        <translation>请输入以元为单位的金额，如 500000 或 50万。</translation>
    </message>
    <message>
        <source>Collateral: the value must be an amount in 元 and the loan-to-value a percentage.</source>
        <translation>抵质押物：价值应为以元计的金额，抵押率应为百分数。</translation>
    </message>
    <message>
        <source>Choose a client.</source>
        <translation>请选择客户。</translation>
    </message>
</context>
<context>
    <name>ApplicationsPage</name>
    <message>
        <source>Waiting for me</source>
        <translation>待我处理</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Application number or client name</source>
        <translation>申请编号或客户名称</translation>
    </message>
    <message>
        <source>New application…</source>
        <translation>新建申请…</translation>
    </message>
    <message>
        <source>Open / decide…</source>
        <translation>打开 / 审批…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Print packet…</source>
        <translation>打印审批报告…</translation>
    </message>
    <message>
        <source>Preview, save or print the approval packet of the selected application</source>
        <translation>预览、保存或打印所选申请的审批报告</translation>
    </message>
    <message>
        <source>Schedule calculator…</source>
        <translation>还款计划计算器…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Amount (元)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Approved (元)</source>
        <translation>批准金额（元）</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>月数</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审查人</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>%1 applications shown</source>
        <translation>显示 %1 笔申请</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>unchanged (bp)</source>
        <translation>不变（基点）</translation>
    </message>
    <message>
        <source>Changed terms</source>
        <translation>调整后的条件</translation>
    </message>
    <message>
        <source>Amount (元)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>Spread (bp)</source>
        <translation>加点（基点）</translation>
    </message>
    <message>
        <source>History</source>
        <translation>审批记录</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>Status after</source>
        <translation>处理后状态</translation>
    </message>
    <message>
        <source>Application %1 — %2</source>
        <translation>申请 %1 — %2</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 元 · %4 months · %5 (LPR %6 + %7 bp) · %8 · %9 · status: %10</source>
        <translation>%1 · %2 · %3 元 · %4 个月 · %5（LPR %6 + %7 基点）· %8 · %9 · 状态：%10</translation>
    </message>
    <message>
        <source>Approved: %1</source>
        <translation>已批准：%1</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Business overview</source>
        <translation>经营概况</translation>
    </message>
    <message>
        <source>Repayment source</source>
        <translation>还款来源</translation>
    </message>
    <message>
        <source>Risks</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Size: %1 · inclusive now: %2 · if approved: %3 · exposure %4 元 → %5 元 · supply chain %6 元 → %7 元</source>
        <translation>规模：%1 · 当前普惠：%2 · 批准后：%3 · 敞口 %4 元 → %5 元 · 供应链 %6 元 → %7 元</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Changed terms: amount in 元, spread as whole basis points.</source>
        <translation>调整条件：金额以元为单位，加点为整数基点。</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>数据表</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Changed / reason</source>
        <translation>变更内容 / 原因</translation>
    </message>
</context>
<context>
    <name>AuditViewerDialog</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <source>Client no.</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>数据表</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Verifying the audit log</source>
        <translation>正在校验审计日志</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>%1 条记录</translation>
    </message>
</context>
<context>
    <name>BackupTableModel</name>
    <message>
        <source>Made at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>贷款数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>完好</translation>
    </message>
    <message>
        <source>Unusable</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>BatchPacketsDialog</name>
    <message>
        <source>Batch approval packets</source>
        <translation>批量生成审批材料</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>待审批人审批</translation>
    </message>
    <message>
        <source>Under risk review</source>
        <translation>风险审查中</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>One PDF per application, into a folder</source>
        <translation>每笔申请一个 PDF，保存到文件夹</translation>
    </message>
    <message>
        <source>All packets in one combined PDF</source>
        <translation>全部审批材料合并为一个 PDF</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>授信申请</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 application(s)</source>
        <translation>%1 笔申请</translation>
    </message>
    <message>
        <source>Folder for the packets</source>
        <translation>审批材料保存文件夹</translation>
    </message>
    <message>
        <source>Combined packet file</source>
        <translation>合并的审批材料文件</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Choose a folder or a file first.</source>
        <translation>请先选择文件夹或文件。</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Building approval packets</source>
        <translation>正在生成审批材料</translation>
    </message>
    <message>
        <source>%1 file(s) written: %2</source>
        <translation>已写入 %1 个文件：%2</translation>
    </message>
    <message>
        <source>Could not build the packets: %1</source>
        <translation>无法生成审批材料：%1</translation>
    </message>
    <message>
        <source>Cancelled; no packet was kept.</source>
        <translation>已取消，未保留任何审批材料。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Account: %1 (%2)</source>
        <translation>账号：%1（%2）</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>At least 8 characters, with letters and digits.</source>
        <translation>至少 8 位，须含字母和数字。</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The portfolio is open read-only: the password cannot be changed now.</source>
        <translation>组合以只读方式打开：现在无法修改密码。</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>ClassificationDialog</name>
    <message>
        <source>Change classification</source>
        <translation>调整五级分类</translation>
    </message>
    <message>
        <source>Loan %1: now %2; %3 days overdue, so at least %4.</source>
        <translation>贷款 %1：当前为%2；逾期 %3 天，至少应为%4。</translation>
    </message>
    <message>
        <source>Why (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Only a reviewer, approver or admin may lower a classification.</source>
        <translation>只有风险审查、审批人或管理员可以下调五级分类。</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ClientDialog</name>
    <message>
        <source>Client record</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>New client</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Credit information</source>
        <translation>信用信息</translation>
    </message>
    <message>
        <source>Supply chain</source>
        <translation>供应链</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 · balance %2 · total credit %3 (10k yuan)</source>
        <translation>%1 · 余额 %2 · 授信总额 %3（万元）</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18 位</translation>
    </message>
    <message>
        <source>Entity type</source>
        <translation>主体类型</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Show and edit ID number and phone…</source>
        <translation>查看并编辑身份证号和电话…</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>从业人员</translation>
    </message>
    <message>
        <source>Revenue (10k yuan)</source>
        <translation>营业收入（万元）</translation>
    </message>
    <message>
        <source>e.g. 1200 or 1,200.5</source>
        <translation>如 1200 或 1,200.5</translation>
    </message>
    <message>
        <source>Total assets (10k yuan)</source>
        <translation>资产总额（万元）</translation>
    </message>
    <message>
        <source>Established</source>
        <translation>成立日期</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2020-05-01</translation>
    </message>
    <message>
        <source>Size class (computed)</source>
        <translation>企业规模（自动计算）</translation>
    </message>
    <message>
        <source>Inclusive (computed)</source>
        <translation>普惠（自动计算）</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Still operating</source>
        <translation>仍在经营</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Tax credit grade</source>
        <translation>纳税信用等级</translation>
    </message>
    <message>
        <source>Social-insurance headcount</source>
        <translation>社保缴纳人数</translation>
    </message>
    <message>
        <source>Credit report last checked</source>
        <translation>最近征信查询日期</translation>
    </message>
    <message>
        <source>Court / enforcement records</source>
        <translation>涉诉 / 被执行记录</translation>
    </message>
    <message>
        <source>Other banks' loans (10k yuan)</source>
        <translation>他行贷款（万元）</translation>
    </message>
    <message>
        <source>Other banks' loans: lenders and terms</source>
        <translation>他行贷款：贷款行及条件</translation>
    </message>
    <message>
        <source>Not in a supply chain</source>
        <translation>不属于供应链</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Core enterprise</source>
        <translation>核心企业</translation>
    </message>
    <message>
        <source>Linked suppliers and distributors: %1 · total credit %2 · balance %3 (10k yuan)</source>
        <translation>关联供应商和经销商：%1 户 · 授信总额 %2 · 余额 %3（万元）</translation>
    </message>
    <message>
        <source>Total credit (10k yuan)</source>
        <translation>授信总额（万元）</translation>
    </message>
    <message>
        <source>Balance (10k yuan)</source>
        <translation>余额（万元）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <source>Amount needed (yuan)</source>
        <translation>融资需求（元）</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Application no.</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Loan no.</source>
        <translation>借据号</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Drawdown</source>
        <translation>放款日</translation>
    </message>
    <message>
        <source>Maturity</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Old loan</source>
        <translation>原贷款</translation>
    </message>
    <message>
        <source>Old amount (元)</source>
        <translation>原金额（元）</translation>
    </message>
    <message>
        <source>Old maturity</source>
        <translation>原到期日</translation>
    </message>
    <message>
        <source>New loan</source>
        <translation>新贷款</translation>
    </message>
    <message>
        <source>New amount (元)</source>
        <translation>新金额（元）</translation>
    </message>
    <message>
        <source>New drawn</source>
        <translation>新放款日</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Application status</source>
        <translation>申请状态</translation>
    </message>
    <message>
        <source>Double-click to open the full list for this client</source>
        <translation>双击打开该客户的完整清单</translation>
    </message>
    <message>
        <source>Visits (%1)</source>
        <translation>走访（%1）</translation>
    </message>
    <message>
        <source>Applications (%1)</source>
        <translation>授信申请（%1）</translation>
    </message>
    <message>
        <source>Loans (%1)</source>
        <translation>贷款（%1）</translation>
    </message>
    <message>
        <source>Renewals (%1)</source>
        <translation>续贷（%1）</translation>
    </message>
    <message>
        <source>Enter a whole number</source>
        <translation>请输入整数</translation>
    </message>
    <message>
        <source>Read-only: another workbench is using this portfolio, so nothing can be saved.</source>
        <translation>只读：另一个工作台正在使用该组合，无法保存。</translation>
    </message>
    <message>
        <source>%1 field(s) need attention before saving.</source>
        <translation>有 %1 项需要修改后才能保存。</translation>
    </message>
    <message>
        <source>Unknown (industry and figures needed)</source>
        <translation>未知（需填写行业及指标）</translation>
    </message>
    <message>
        <source>%1 (total credit %2 yuan)</source>
        <translation>%1（授信总额 %2 元）</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>Company name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>Entity type</source>
        <translation>主体类型</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>从业人员</translation>
    </message>
    <message>
        <source>Revenue (10k yuan)</source>
        <translation>营业收入（万元）</translation>
    </message>
    <message>
        <source>Loan balance (10k yuan)</source>
        <translation>贷款余额（万元）</translation>
    </message>
    <message>
        <source>Inclusive</source>
        <translation>普惠</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
</context>
<context>
    <name>ClientsPage</name>
    <message>
        <source>Search: name, USCC, legal representative or pinyin initials (e.g. hzxr)</source>
        <translation>搜索：企业名称、统一社会信用代码、法定代表人或拼音首字母（如 hzxr）</translation>
    </message>
    <message>
        <source>All sizes</source>
        <translation>全部规模</translation>
    </message>
    <message>
        <source>Size unknown</source>
        <translation>规模未知</translation>
    </message>
    <message>
        <source>Inclusive: any</source>
        <translation>普惠：不限</translation>
    </message>
    <message>
        <source>Inclusive only</source>
        <translation>仅普惠</translation>
    </message>
    <message>
        <source>Not inclusive</source>
        <translation>非普惠</translation>
    </message>
    <message>
        <source>Visited, no credit yet</source>
        <translation>已走访未授信</translation>
    </message>
    <message>
        <source>New client…</source>
        <translation>新建客户…</translation>
    </message>
    <message>
        <source>Log visit…</source>
        <translation>登记走访…</translation>
    </message>
    <message>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>All officers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>The list could not be read: %1</source>
        <translation>无法读取清单：%1</translation>
    </message>
    <message>
        <source>%1 clients</source>
        <translation>%1 户客户</translation>
    </message>
</context>
<context>
    <name>CreditLinesPanel</name>
    <message>
        <source>Active credit lines</source>
        <translation>有效授信</translation>
    </message>
    <message>
        <source>All credit lines</source>
        <translation>全部授信</translation>
    </message>
    <message>
        <source>Credit line</source>
        <translation>授信额度</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Limit (元)</source>
        <translation>额度（元）</translation>
    </message>
    <message>
        <source>Used (元)</source>
        <translation>已用（元）</translation>
    </message>
    <message>
        <source>Available (元)</source>
        <translation>可用（元）</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>生效日</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Revolving</source>
        <translation>可循环</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>%1 credit lines</source>
        <translation>%1 笔授信</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>The portfolio file is damaged</source>
        <translation>组合文件已损坏</translation>
    </message>
    <message>
        <source>Restore the newest good backup</source>
        <translation>恢复最近的完好备份</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Backup of %1: %2 clients, %3 loans.</source>
        <translation>%1 的备份：%2 户客户，%3 笔贷款。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Loading figures…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Active loans</source>
        <translation>在贷笔数</translation>
    </message>
    <message>
        <source>Loan balance</source>
        <translation>贷款余额</translation>
    </message>
    <message>
        <source>Inclusive loan balance</source>
        <translation>普惠贷款余额</translation>
    </message>
    <message>
        <source>Inclusive loans</source>
        <translation>普惠贷款笔数</translation>
    </message>
    <message>
        <source>Active credit lines</source>
        <translation>有效授信</translation>
    </message>
    <message>
        <source>Submitted, waiting for review</source>
        <translation>已提交待审查</translation>
    </message>
    <message>
        <source>Under risk review</source>
        <translation>风险审查中</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>待审批人审批</translation>
    </message>
    <message>
        <source>Sent back for rework</source>
        <translation>退回补充</translation>
    </message>
    <message>
        <source>Maturing within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <source>Maturing within 60 days</source>
        <translation>60 天内到期</translation>
    </message>
    <message>
        <source>Maturing within 90 days</source>
        <translation>90 天内到期</translation>
    </message>
    <message>
        <source>Overdue 1–90 days</source>
        <translation>逾期 1–90 天</translation>
    </message>
    <message>
        <source>Overdue 91–270 days</source>
        <translation>逾期 91–270 天</translation>
    </message>
    <message>
        <source>Overdue 271–360 days</source>
        <translation>逾期 271–360 天</translation>
    </message>
    <message>
        <source>Overdue over 360 days</source>
        <translation>逾期 360 天以上</translation>
    </message>
    <message>
        <source>Visits this month</source>
        <translation>本月走访</translation>
    </message>
    <message>
        <source>Visited, no credit yet</source>
        <translation>已走访未授信</translation>
    </message>
    <message>
        <source>Maturing this week</source>
        <translation>本周到期</translation>
    </message>
    <message>
        <source>Maturing this month</source>
        <translation>本月到期</translation>
    </message>
    <message>
        <source>Renewals in progress</source>
        <translation>办理中的续贷</translation>
    </message>
    <message>
        <source>Newly overdue since the last balance import</source>
        <translation>上次余额导入后新增逾期</translation>
    </message>
    <message>
        <source>Overdue or past maturity</source>
        <translation>逾期或已过到期日</translation>
    </message>
    <message>
        <source>Portfolio</source>
        <translation>组合概况</translation>
    </message>
    <message>
        <source>Applications waiting</source>
        <translation>待审批申请</translation>
    </message>
    <message>
        <source>Maturities</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Overdue loans by band</source>
        <translation>逾期贷款（按天数段）</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>The figures could not be computed: %1</source>
        <translation>无法计算数据：%1</translation>
    </message>
    <message>
        <source>Maturity alerts</source>
        <translation>到期提醒</translation>
    </message>
    <message>
        <source>As of %1 · click a figure to open the list behind it.</source>
        <translation>数据日期 %1 · 点击数字查看对应清单。</translation>
    </message>
    <message>
        <source>10k yuan</source>
        <translation>万元</translation>
    </message>
    <message>
        <source>Balance %1 (10k yuan)</source>
        <translation>余额 %1 万元</translation>
    </message>
    <message>
        <source>Open the list behind this figure</source>
        <translation>打开该数字对应的清单</translation>
    </message>
</context>
<context>
    <name>DrawdownDialog</name>
    <message>
        <source>Draw down a loan</source>
        <translation>发放贷款</translation>
    </message>
    <message>
        <source>%1 · %2 · available %3 元</source>
        <translation>%1 · %2 · 可用 %3 元</translation>
    </message>
    <message>
        <source>Credit line</source>
        <translation>授信额度</translation>
    </message>
    <message>
        <source>元, e.g. 500000 or 50万</source>
        <translation>元，如 500000 或 50万</translation>
    </message>
    <message>
        <source>Amount (元)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Drawdown date</source>
        <translation>放款日期</translation>
    </message>
    <message>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>No approved credit line can be drawn today.</source>
        <translation>今天没有可用的已批准授信额度。</translation>
    </message>
    <message>
        <source>Draw down</source>
        <translation>放款</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Schedule preview</source>
        <translation>还款计划预览</translation>
    </message>
    <message>
        <source>Approved: %1 months, %2 · valid %3 to %4</source>
        <translation>批准：%1 个月，%2 · 有效期 %3 至 %4</translation>
    </message>
    <message>
        <source>%1 = LPR %2 (published %3, in force on the drawdown date) + %4 bp; fixed for the loan</source>
        <translation>%1 = LPR %2（%3 公布，放款日适用）+ %4 基点；放款后固定</translation>
    </message>
</context>
<context>
    <name>ImportMappingPanel</name>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>column %1</source>
        <translation>第 %1 列</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import a client list or a core-banking loan export</source>
        <translation>导入客户名单或核心系统贷款导出文件</translation>
    </message>
    <message>
        <source>Client list (upsert on USCC)</source>
        <translation>客户名单（按统一社会信用代码新增或更新）</translation>
    </message>
    <message>
        <source>Core-banking loan export (by loan number)</source>
        <translation>核心系统贷款导出（按借据号）</translation>
    </message>
    <message>
        <source>.xlsx, .xls or .csv file</source>
        <translation>.xlsx、.xls 或 .csv 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Take the balance date from the file</source>
        <translation>从文件中读取余额日期</translation>
    </message>
    <message>
        <source>Balances as of:</source>
        <translation>余额日期：</translation>
    </message>
    <message>
        <source>Read the file</source>
        <translation>读取文件</translation>
    </message>
    <message>
        <source>What to import:</source>
        <translation>导入内容：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Apply template</source>
        <translation>应用模板</translation>
    </message>
    <message>
        <source>template name</source>
        <translation>模板名称</translation>
    </message>
    <message>
        <source>Save mapping as template</source>
        <translation>将列对应保存为模板</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Open the error workbook</source>
        <translation>打开错误工作簿</translation>
    </message>
    <message>
        <source>Import another file</source>
        <translation>导入其他文件</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何数据。</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xls *.ods *.csv);;All files (*)</source>
        <translation>电子表格 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Large file</source>
        <translation>文件较大</translation>
    </message>
    <message>
        <source>Read it anyway?</source>
        <translation>仍要读取吗？</translation>
    </message>
    <message>
        <source>Header found on row %1.</source>
        <translation>在第 %1 行找到表头。</translation>
    </message>
    <message>
        <source>No recognisable header: row %1 is taken as the header; map the columns by hand.</source>
        <translation>未识别到表头：以第 %1 行作为表头，请手动对应各列。</translation>
    </message>
    <message>
        <source>Several sheets look like data: check the sheet.</source>
        <translation>有多个工作表像是数据表：请确认工作表。</translation>
    </message>
    <message>
        <source>Reading the sheet…</source>
        <translation>正在读取工作表…</translation>
    </message>
    <message>
        <source>Map the required columns marked * by hand.</source>
        <translation>请手动对应标 * 的必填列。</translation>
    </message>
    <message>
        <source>Template saved.</source>
        <translation>模板已保存。</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <source>Rows in file: %1 — added: %2, updated: %3, unchanged: %4, rejected: %5, skipped (blank or totals): %6, repeated in file (later row won): %7</source>
        <translation>文件行数：%1 — 新增：%2，更新：%3，未变：%4，拒绝：%5，跳过（空行或合计）：%6，文件内重复（以后一行为准）：%7</translation>
    </message>
    <message>
        <source>Rows in file: %1 — to add: %2, to update: %3, unchanged: %4, rejected: %5, skipped (blank or totals): %6, repeated in file (later row wins): %7</source>
        <translation>文件行数：%1 — 新增：%2，更新：%3，无变化：%4，拒绝：%5，跳过（空行或合计行）：%6，文件内重复（以后一行为准）：%7</translation>
    </message>
    <message>
        <source>Balances as of %1</source>
        <translation>余额日期 %1</translation>
    </message>
    <message>
        <source>update %1: %2</source>
        <translation>更新 %1：%2</translation>
    </message>
    <message>
        <source>row %1, %2 = %3: %4</source>
        <translation>第 %1 行，%2 = %3：%4</translation>
    </message>
    <message>
        <source>row %1 repeated by row %2 (the later row wins)</source>
        <translation>第 %1 行与第 %2 行重复（以后一行为准）</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Import finished.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <source>Rejected rows were saved to %1</source>
        <translation>被拒绝的行已保存到 %1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Equal instalments (annuity)</source>
        <translation>等额本息</translation>
    </message>
    <message>
        <source>Equal principal</source>
        <translation>等额本金</translation>
    </message>
    <message>
        <source>Monthly interest, principal at maturity</source>
        <translation>按月付息到期还本</translation>
    </message>
    <message>
        <source>Revolving (draw and repay any time)</source>
        <translation>随借随还</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大型</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中型</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>小型</translation>
    </message>
    <message>
        <source>Micro</source>
        <translation>微型</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Individual business</source>
        <translation>个体工商户</translation>
    </message>
    <message>
        <source>Business owner</source>
        <translation>小微企业主</translation>
    </message>
    <message>
        <source>Farmer</source>
        <translation>农户</translation>
    </message>
    <message>
        <source>Core enterprise</source>
        <translation>核心企业</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Distributor</source>
        <translation>经销商</translation>
    </message>
    <message>
        <source>Has financing need</source>
        <translation>有融资需求</translation>
    </message>
    <message>
        <source>No need</source>
        <translation>无融资需求</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>未能联系</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Under risk review</source>
        <translation>风险审查中</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已否决</translation>
    </message>
    <message>
        <source>Sent back</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>续贷</translation>
    </message>
    <message>
        <source>Renewal without repaying principal</source>
        <translation>无还本续贷</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>展期</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Special mention</source>
        <translation>关注</translation>
    </message>
    <message>
        <source>Substandard</source>
        <translation>次级</translation>
    </message>
    <message>
        <source>Doubtful</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在贷</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结清</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Unsecured (credit)</source>
        <translation>信用</translation>
    </message>
    <message>
        <source>Guarantee</source>
        <translation>保证</translation>
    </message>
    <message>
        <source>Mortgage</source>
        <translation>抵押</translation>
    </message>
    <message>
        <source>Pledge</source>
        <translation>质押</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Resubmit</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <source>Take for review</source>
        <translation>接收审查</translation>
    </message>
    <message>
        <source>Pass review</source>
        <translation>审查通过</translation>
    </message>
    <message>
        <source>Return for changes</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>否决</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Loan officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Risk reviewer</source>
        <translation>风险审查人</translation>
    </message>
    <message>
        <source>Approver</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手工调整</translation>
    </message>
    <message>
        <source>Overdue floor</source>
        <translation>逾期天数下限</translation>
    </message>
    <message>
        <source>Inherited on renewal</source>
        <translation>续贷承继</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Core banking import</source>
        <translation>核心系统导入</translation>
    </message>
</context>
<context>
    <name>LoansPage</name>
    <message>
        <source>Active loans</source>
        <translation>在贷笔数</translation>
    </message>
    <message>
        <source>Closed loans</source>
        <translation>已结清贷款</translation>
    </message>
    <message>
        <source>All loans</source>
        <translation>全部贷款</translation>
    </message>
    <message>
        <source>Any borrower</source>
        <translation>全部借款人</translation>
    </message>
    <message>
        <source>Inclusive borrowers only</source>
        <translation>仅普惠借款人</translation>
    </message>
    <message>
        <source>Non-inclusive borrowers</source>
        <translation>非普惠借款人</translation>
    </message>
    <message>
        <source>Loan number or client name</source>
        <translation>借据号或客户名称</translation>
    </message>
    <message>
        <source>Draw down…</source>
        <translation>放款…</translation>
    </message>
    <message>
        <source>Record repayment…</source>
        <translation>登记还款…</translation>
    </message>
    <message>
        <source>Start renewal…</source>
        <translation>发起续贷…</translation>
    </message>
    <message>
        <source>Schedule calculator…</source>
        <translation>还款计划计算器…</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Credit lines</source>
        <translation>授信额度</translation>
    </message>
    <message>
        <source>Loan number</source>
        <translation>借据号</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Amount (元)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Balance (元)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Drawn</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>Matures</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>还款日</translation>
    </message>
    <message>
        <source>Payment (元)</source>
        <translation>还款额（元）</translation>
    </message>
    <message>
        <source>Principal (元)</source>
        <translation>本金（元）</translation>
    </message>
    <message>
        <source>Interest (元)</source>
        <translation>利息（元）</translation>
    </message>
    <message>
        <source>Balance after (元)</source>
        <translation>剩余本金（元）</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>还款日期</translation>
    </message>
    <message>
        <source>Total (元)</source>
        <translation>合计（元）</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Old loan</source>
        <translation>原贷款</translation>
    </message>
    <message>
        <source>Old amount (元)</source>
        <translation>原金额（元）</translation>
    </message>
    <message>
        <source>Old maturity</source>
        <translation>原到期日</translation>
    </message>
    <message>
        <source>New loan</source>
        <translation>新贷款</translation>
    </message>
    <message>
        <source>New amount (元)</source>
        <translation>新金额（元）</translation>
    </message>
    <message>
        <source>New drawn</source>
        <translation>新放款日</translation>
    </message>
    <message>
        <source>New maturity</source>
        <translation>新到期日</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Application status</source>
        <translation>申请状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>发起日</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成日</translation>
    </message>
    <message>
        <source>Changed (UTC)</source>
        <translation>变更时间（UTC）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原分类</translation>
    </message>
    <message>
        <source>To</source>
        <translation>调整为</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <source>Repayments</source>
        <translation>还款记录</translation>
    </message>
    <message>
        <source>Renewals</source>
        <translation>续贷记录</translation>
    </message>
    <message>
        <source>Classification history</source>
        <translation>分类历史</translation>
    </message>
    <message>
        <source>%1 loans</source>
        <translation>%1 笔贷款</translation>
    </message>
    <message>
        <source>Select a loan to see its repayment schedule.</source>
        <translation>选择一笔贷款查看其还款计划。</translation>
    </message>
    <message>
        <source>%1 · %2 · line %3 · application %4 · repayments: %5</source>
        <translation>%1 · %2 · 授信 %3 · 申请 %4 · 还款记录：%5</translation>
    </message>
    <message>
        <source>renews %1</source>
        <translation>续接 %1</translation>
    </message>
    <message>
        <source>renewed by %1</source>
        <translation>已由 %1 续接</translation>
    </message>
    <message>
        <source>classification: %1</source>
        <translation>五级分类：%1</translation>
    </message>
    <message>
        <source>Renewal application %1 created as a draft.</source>
        <translation>续贷申请 %1 已创建为草稿。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Session locked</source>
        <translation>会话已锁定</translation>
    </message>
    <message>
        <source>The workbench was locked after a period of inactivity. Enter the password of %1 to continue.</source>
        <translation>工作台因长时间未操作已锁定。请输入 %1 的密码继续。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Quit the workbench</source>
        <translation>退出工作台</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>密码错误。</translation>
    </message>
</context>
<context>
    <name>LockGuard</name>
    <message>
        <source>Encrypted portfolio</source>
        <extracomment>Where :func:`install_reliability` keeps the window's GuardedOpen and quit slot in ``AppContext.extras``.</extracomment>
        <translation>加密的组合数据</translation>
    </message>
    <message>
        <source>Portfolio in use</source>
        <translation>组合数据正被使用</translation>
    </message>
    <message>
        <source>This portfolio is in use by %1.</source>
        <translation>该组合数据正由 %1 使用。</translation>
    </message>
    <message>
        <source>Opened read-only</source>
        <translation>已以只读方式打开</translation>
    </message>
    <message>
        <source>This portfolio is in use by %1. It is opened read-only: you can look but not change anything.</source>
        <translation>该组合数据正由 %1 使用，现以只读方式打开：可以查看，不能修改。</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>The portfolio is in use by %1; close that workbench first.</source>
        <translation>该组合数据正由 %1 使用，请先关闭那个工作台。</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>Checking the portfolio</source>
        <translation>正在检查组合数据</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — SME Loan Workbench</source>
        <translation>登录 — 小微信贷工作台</translation>
    </message>
    <message>
        <source>No account exists yet. Create the administrator account for this portfolio.</source>
        <translation>尚无账号。请为本组合创建管理员账号。</translation>
    </message>
    <message>
        <source>Log in with your workbench account.</source>
        <translation>请使用工作台账号登录。</translation>
    </message>
    <message>
        <source>Demo portfolio: log in as wangfang (loan officer), lijun (risk reviewer), zhaomin (approver) or admin; the password is demo1234.</source>
        <translation>演示组合：可用 wangfang（客户经理）、lijun（风险审查人）、zhaomin（审批人）或 admin 登录，密码均为 demo1234。</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>At least 8 characters, with letters and digits.</source>
        <translation>至少 8 位，须含字母和数字。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Create and log in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The portfolio cannot be changed: %1</source>
        <translation>无法修改组合：%1</translation>
    </message>
    <message>
        <source>Your password was reset: choose a new one (at least 8 characters, letters and digits).</source>
        <translation>您的密码已重置：请设置新密码（至少 8 位，含字母和数字）。</translation>
    </message>
</context>
<context>
    <name>LprAdmin</name>
    <message>
        <source>Published on</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <source>1-year LPR</source>
        <translation>1 年期 LPR</translation>
    </message>
    <message>
        <source>5-year LPR</source>
        <translation>5 年期以上 LPR</translation>
    </message>
    <message>
        <source>%1: none published yet</source>
        <translation>%1：尚未发布</translation>
    </message>
    <message>
        <source>%1 %2 (published %3)</source>
        <translation>%1 %2（%3 发布）</translation>
    </message>
</context>
<context>
    <name>LprAdminDialog</name>
    <message>
        <source>LPR history</source>
        <translation>LPR 历史</translation>
    </message>
    <message>
        <source>Rates in force on</source>
        <translation>执行利率日期</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Add or correct a publication</source>
        <translation>新增或更正一期报价</translation>
    </message>
    <message>
        <source>% per year, e.g. 3.10</source>
        <translation>年利率 %，如 3.10</translation>
    </message>
    <message>
        <source>Published on</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <source>1-year LPR (%)</source>
        <translation>1 年期 LPR（%）</translation>
    </message>
    <message>
        <source>5-year LPR (%)</source>
        <translation>5 年期以上 LPR（%）</translation>
    </message>
    <message>
        <source>A date that is already listed is corrected; a rate left empty is not changed.</source>
        <translation>已列出的日期将被更正；留空的利率不变。</translation>
    </message>
    <message>
        <source>Save publication</source>
        <translation>保存报价</translation>
    </message>
    <message>
        <source>Delete publication…</source>
        <translation>删除报价…</translation>
    </message>
    <message>
        <source>The portfolio is open read-only: the LPR history cannot be changed.</source>
        <translation>组合以只读方式打开：无法修改 LPR 历史。</translation>
    </message>
    <message>
        <source>Only an administrator may edit the LPR history.</source>
        <translation>只有管理员可以修改 LPR 历史。</translation>
    </message>
    <message>
        <source>Not a percentage with at most two decimals, e.g. 3.10.</source>
        <translation>不是最多两位小数的百分数，如 3.10。</translation>
    </message>
    <message>
        <source>An LPR must be above 0 % and below 50 %.</source>
        <translation>LPR 应大于 0% 且小于 50%。</translation>
    </message>
    <message>
        <source>Enter the 1-year or the 5-year rate (or both).</source>
        <translation>请输入 1 年期或 5 年期以上利率（或两者）。</translation>
    </message>
    <message>
        <source>Delete publication</source>
        <translation>删除报价</translation>
    </message>
    <message>
        <source>Delete the LPR published on %1? Loans already priced keep their rate.</source>
        <translation>删除 %1 发布的 LPR？已定价的贷款利率不变。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>授信申请</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Maturities &amp; renewals</source>
        <translation>到期与续贷</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>SME Loan Workbench</source>
        <translation>小微信贷工作台</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Find client</source>
        <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Clients %1 · Active loans %2 · Balance %3 (10k yuan)</source>
        <translation>客户 %1 · 在贷 %2 笔 · 余额 %3 万元</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>SME Loan Workbench 0.1 — an offline desktop workbench for loan officers serving small and micro enterprises.</source>
        <translation>小微信贷工作台 0.1 — 服务小微企业的客户经理离线桌面工作台。</translation>
    </message>
</context>
<context>
    <name>MaturitiesPage</name>
    <message>
        <source>All buckets</source>
        <translation>全部区间</translation>
    </message>
    <message>
        <source>Overdue / past maturity</source>
        <translation>逾期 / 已过到期日</translation>
    </message>
    <message>
        <source>Within 30 days</source>
        <translation>30 天内</translation>
    </message>
    <message>
        <source>31–60 days</source>
        <translation>31–60 天</translation>
    </message>
    <message>
        <source>61–90 days</source>
        <translation>61–90 天</translation>
    </message>
    <message>
        <source>Any renewal status</source>
        <translation>续贷状态：不限</translation>
    </message>
    <message>
        <source>No renewal yet</source>
        <translation>尚未续贷</translation>
    </message>
    <message>
        <source>Renewal in progress</source>
        <translation>续贷办理中</translation>
    </message>
    <message>
        <source>Renewed</source>
        <translation>已续贷</translation>
    </message>
    <message>
        <source>Any overdue band</source>
        <translation>全部逾期区间</translation>
    </message>
    <message>
        <source>Overdue 1–90 days</source>
        <translation>逾期 1–90 天</translation>
    </message>
    <message>
        <source>Overdue 91–270 days</source>
        <translation>逾期 91–270 天</translation>
    </message>
    <message>
        <source>Overdue 271–360 days</source>
        <translation>逾期 271–360 天</translation>
    </message>
    <message>
        <source>Overdue over 360 days</source>
        <translation>逾期 360 天以上</translation>
    </message>
    <message>
        <source>Newly overdue since the last balance import</source>
        <translation>上次余额导入后新增逾期</translation>
    </message>
    <message>
        <source>Any maturity date</source>
        <translation>不限到期日</translation>
    </message>
    <message>
        <source>Within </source>
        <translation>未来 </translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天内</translation>
    </message>
    <message>
        <source>Maturing in the period only</source>
        <translation>仅期内到期</translation>
    </message>
    <message>
        <source>Only loans maturing from today to the end of the period, overdue or not; hides loans already past maturity and overdue loans maturing later.</source>
        <translation>只显示从今天到期末到期的贷款（无论是否逾期）；不显示已过到期日的贷款和到期日在期后的逾期贷款。</translation>
    </message>
    <message>
        <source>Loan no. or client</source>
        <translation>借据号或客户</translation>
    </message>
    <message>
        <source>Start renewal…</source>
        <translation>发起续贷…</translation>
    </message>
    <message>
        <source>Change classification…</source>
        <translation>调整五级分类…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>All officers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <source>Overdue %1 · ≤30 days %2 · 31–60 %3 · 61–90 %4 · total %5 loans, %6 yuan</source>
        <translation>逾期 %1 · 30 天内 %2 · 31–60 天 %3 · 61–90 天 %4 · 合计 %5 笔，%6 元</translation>
    </message>
    <message>
        <source>Loan %1 reclassified.</source>
        <translation>贷款 %1 已调整五级分类。</translation>
    </message>
    <message>
        <source>Renewal application %1 created as a draft.</source>
        <translation>续贷申请 %1 已创建为草稿。</translation>
    </message>
    <message>
        <source>Export tickler</source>
        <translation>导出到期提醒</translation>
    </message>
    <message>
        <source>Exported %1 loans to %2</source>
        <translation>已将 %1 笔贷款导出到 %2</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Exporting tickler</source>
        <translation>正在导出到期提醒</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>e.g. 王芳 (recorded as the officer on clients and loans)</source>
        <translation>如 王芳（作为客户和贷款的客户经理记录）</translation>
    </message>
    <message>
        <source>The user must choose a new password at first login</source>
        <translation>用户首次登录时须设置新密码</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>At least 8 characters, with letters and digits.</source>
        <translation>至少 8 位，须含字母和数字。</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter a username.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>PacketPreviewDialog</name>
    <message>
        <source>Approval packet</source>
        <translation>审批材料</translation>
    </message>
    <message>
        <source>Building the approval packet…</source>
        <translation>正在生成审批材料…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <source>Could not build the packet: %1</source>
        <translation>无法生成审批材料：%1</translation>
    </message>
    <message>
        <source>Save approval packet</source>
        <translation>保存审批材料</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>%1 pages sent to the printer</source>
        <translation>已将 %1 页发送到打印机</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Encrypted portfolio</source>
        <translation>加密的组合数据</translation>
    </message>
    <message>
        <source>The portfolio %1 is encrypted. Enter its passphrase to open it.</source>
        <translation>组合数据 %1 已加密，请输入口令打开。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RenewalDialog</name>
    <message>
        <source>Start renewal</source>
        <translation>发起续贷</translation>
    </message>
    <message>
        <source>Loan %1 of %2: balance %3 yuan, matures %4</source>
        <translation>%2 的贷款 %1：余额 %3 元，%4 到期</translation>
    </message>
    <message>
        <source>Kind of renewal</source>
        <translation>续贷方式</translation>
    </message>
    <message>
        <source>Renewal after repayment (续贷)</source>
        <translation>还款后续贷</translation>
    </message>
    <message>
        <source>Renewal without repaying principal (无还本续贷)</source>
        <translation>无还本续贷</translation>
    </message>
    <message>
        <source>Extension (展期)</source>
        <translation>展期</translation>
    </message>
    <message>
        <source>The borrower still needs the funds and has a temporary cash difficulty</source>
        <translation>借款人仍有资金需求且暂时资金周转困难</translation>
    </message>
    <message>
        <source>Lawful, stable operation, good credit, no misuse of loan funds</source>
        <translation>合法稳定经营、信用良好、无挪用贷款资金</translation>
    </message>
    <message>
        <source>Eligibility for renewal without repaying principal</source>
        <translation>无还本续贷条件</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Required when a rule failed: why proceed anyway</source>
        <translation>有规则未通过时必填：仍要办理的理由</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Create renewal application</source>
        <translation>创建续贷申请</translation>
    </message>
    <message>
        <source>%1 → %2 (%3, %4)</source>
        <translation>%1 → %2（%3，%4）</translation>
    </message>
    <message>
        <source>No earlier renewals of this loan.</source>
        <translation>该贷款此前没有续贷。</translation>
    </message>
    <message>
        <source>Renewal history: </source>
        <translation>续贷记录：</translation>
    </message>
    <message>
        <source>(cannot be overridden)</source>
        <translation>（不可突破）</translation>
    </message>
    <message>
        <source>A rule that cannot be overridden failed: this loan cannot be renewed without repaying principal. Choose another kind of renewal.</source>
        <translation>有不允许突破的条件未满足：此笔贷款不能办理无还本续贷，请选择其他续贷方式。</translation>
    </message>
    <message>
        <source>%1 rule(s) failed: a written justification is required</source>
        <translation>%1 条规则未通过：须填写书面理由</translation>
    </message>
</context>
<context>
    <name>RepaymentDialog</name>
    <message>
        <source>Record repayment — %1</source>
        <translation>登记还款 — %1</translation>
    </message>
    <message>
        <source>%1 · balance %2 元</source>
        <translation>%1 · 余额 %2 元</translation>
    </message>
    <message>
        <source>Principal (元)</source>
        <translation>本金（元）</translation>
    </message>
    <message>
        <source>Interest (元)</source>
        <translation>利息（元）</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>还款日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>2025-03, 2025-Q1 or 2025</source>
        <translation>2025-03、2025-Q1 或 2025</translation>
    </message>
    <message>
        <source>10,000 yuan (万元)</source>
        <translation>万元</translation>
    </message>
    <message>
        <source>Yuan (元)</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Full ID numbers and phones (recorded in the audit log)</source>
        <translation>完整身份证号和电话（将记入审计日志）</translation>
    </message>
    <message>
        <source>Why the full personal data is needed</source>
        <translation>需要完整个人信息的原因</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Build report</source>
        <translation>生成报表</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Amounts in</source>
        <translation>金额单位</translation>
    </message>
    <message>
        <source>Sheet language</source>
        <translation>表格语言</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>All officers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <source>No officer called %1; all officers are selected.</source>
        <translation>没有名为“%1”的客户经理，已改为全部客户经理。</translation>
    </message>
    <message>
        <source>Save report as</source>
        <translation>报表另存为</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose an .xlsx file to save the report in.</source>
        <translation>请选择保存报表的 .xlsx 文件。</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Saved %1 (%2 rows).</source>
        <translation>已保存 %1（%2 行）。</translation>
    </message>
    <message>
        <source>The report could not be built: %1</source>
        <translation>无法生成报表：%1</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>New password for %1. The user must change it at the next login, and a locked account is unlocked.</source>
        <translation>为 %1 设置新密码。用户下次登录时须修改密码，被锁定的账号将解锁。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>At least 8 characters, with letters and digits.</source>
        <translation>至少 8 位，须含字母和数字。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>The current file will be kept beside the restored one. Changes made after the backup are not in it.</source>
        <translation>当前文件会保留在恢复文件旁边。备份之后的修改不包含在备份中。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>No backups yet.</source>
        <translation>尚无备份。</translation>
    </message>
    <message>
        <source>Replace the portfolio by the backup of %1 (%2 clients, %3 loans)?</source>
        <translation>用 %1 的备份（%2 户客户，%3 笔贷款）替换当前组合？</translation>
    </message>
</context>
<context>
    <name>RevealPersonalDataDialog</name>
    <message>
        <source>Show personal data</source>
        <translation>显示个人信息</translation>
    </message>
    <message>
        <source>ID numbers and phones are masked. Say why you need them whole; this is recorded in the audit log.</source>
        <translation>身份证号和电话已脱敏。请说明需要完整信息的原因，该操作将记入审计日志。</translation>
    </message>
    <message>
        <source>Reason, e.g. checking the ID card for the contract</source>
        <translation>原因，如签订合同时核对身份证</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>This portfolio is open read-only, so the request cannot be recorded; nothing is shown.</source>
        <translation>组合以只读方式打开，无法记录该请求，因此不显示。</translation>
    </message>
</context>
<context>
    <name>ScheduleCalculatorDialog</name>
    <message>
        <source>Repayment schedule calculator</source>
        <translation>还款计划计算器</translation>
    </message>
    <message>
        <source>元, e.g. 500000 or 50万</source>
        <translation>元，如 500000 或 50万</translation>
    </message>
    <message>
        <source>Amount (元)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Annual rate (%)</source>
        <translation>年利率（%）</translation>
    </message>
    <message>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>Repayment method</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <source>Drawdown date</source>
        <translation>放款日期</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The rate must be a percentage with at most two decimals, e.g. 3.85.</source>
        <translation>利率应为百分数，最多两位小数，如 3.85。</translation>
    </message>
    <message>
        <source>Total payment %1 元 = principal %2 元 + interest %3 元; last due %4</source>
        <translation>还款总额 %1 元 = 本金 %2 元 + 利息 %3 元；最后还款日 %4</translation>
    </message>
</context>
<context>
    <name>ScheduleTable</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>还款日</translation>
    </message>
    <message>
        <source>Payment (元)</source>
        <translation>还款额（元）</translation>
    </message>
    <message>
        <source>Principal (元)</source>
        <translation>本金（元）</translation>
    </message>
    <message>
        <source>Interest (元)</source>
        <translation>利息（元）</translation>
    </message>
    <message>
        <source>Balance after (元)</source>
        <translation>剩余本金（元）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Printed on every report and approval packet of this portfolio</source>
        <translation>打印在本组合数据的每份报表和审批报告上</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Officer name</source>
        <translation>客户经理姓名</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Portfolio database (*.db *.sqlite)</source>
        <translation>组合数据库 (*.db *.sqlite)</translation>
    </message>
</context>
<context>
    <name>TicklerTableModel</name>
    <message>
        <source>Bucket</source>
        <translation>区间</translation>
    </message>
    <message>
        <source>Loan no.</source>
        <translation>借据号</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Maturity</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <source>Overdue days</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>续贷</translation>
    </message>
    <message>
        <source>Overdue / past maturity</source>
        <translation>逾期 / 已过到期日</translation>
    </message>
    <message>
        <source>Within 30 days</source>
        <translation>30 天内</translation>
    </message>
    <message>
        <source>31–60 days</source>
        <translation>31–60 天</translation>
    </message>
    <message>
        <source>61–90 days</source>
        <translation>61–90 天</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>in review</source>
        <translation>审查中</translation>
    </message>
    <message>
        <source>in approval</source>
        <translation>审批中</translation>
    </message>
    <message>
        <source>sent back</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>approved, to draw</source>
        <translation>已批准，待放款</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已否决</translation>
    </message>
</context>
<context>
    <name>ToolMenu</name>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backup written: %1</source>
        <translation>备份已写入：%1</translation>
    </message>
    <message>
        <source>Backing up the portfolio</source>
        <translation>正在备份组合数据</translation>
    </message>
    <message>
        <source>S&amp;witch user…</source>
        <translation>切换用户(&amp;W)…</translation>
    </message>
    <message>
        <source>Repayment &amp;schedule calculator…</source>
        <translation>还款计划计算器(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Batch approval packets…</source>
        <translation>批量生成审批报告(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Back up &amp;now</source>
        <translation>立即备份(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>UsersAdmin</name>
    <message>
        <source>No password (cannot log in)</source>
        <translation>无密码（不能登录）</translation>
    </message>
    <message>
        <source>Must change at next login</source>
        <translation>下次登录时须修改</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>UsersAdminDialog</name>
    <message>
        <source>User accounts</source>
        <translation>用户账号</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The portfolio is open read-only: accounts cannot be changed.</source>
        <translation>组合以只读方式打开：无法修改账号。</translation>
    </message>
    <message>
        <source>Only an administrator can manage user accounts. You are logged in as %1 (%2).</source>
        <translation>只有管理员可以管理用户账号。您当前以 %1（%2）登录。</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Account %1 added.</source>
        <translation>账号 %1 已添加。</translation>
    </message>
    <message>
        <source>Password of %1 reset: it must be changed at the next login.</source>
        <translation>%1 的密码已重置：下次登录时须修改。</translation>
    </message>
    <message>
        <source>Account %1 reactivated.</source>
        <translation>账号 %1 已重新启用。</translation>
    </message>
    <message>
        <source>Account %1 deactivated.</source>
        <translation>账号 %1 已停用。</translation>
    </message>
    <message>
        <source>Account %1 unlocked.</source>
        <translation>账号 %1 已解锁。</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>登记走访</translation>
    </message>
    <message>
        <source>Type a name, USCC or initials</source>
        <translation>输入名称、统一社会信用代码或拼音首字母</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <source>10k yuan, e.g. 200</source>
        <translation>单位万元，如 200</translation>
    </message>
    <message>
        <source>Amount needed (10k yuan)</source>
        <translation>融资需求（万元）</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Screening (financing coordination mechanism)</source>
        <translation>筛查（融资协调工作机制）</translation>
    </message>
    <message>
        <source>Lawful, continuing operation</source>
        <translation>合法持续经营</translation>
    </message>
    <message>
        <source>Fixed place of business</source>
        <translation>有固定经营场所</translation>
    </message>
    <message>
        <source>Real financing need</source>
        <translation>有真实融资需求</translation>
    </message>
    <message>
        <source>Good credit</source>
        <translation>信用良好</translation>
    </message>
    <message>
        <source>Lawful use of the loan</source>
        <translation>贷款用途合法合规</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>清单</translation>
    </message>
    <message>
        <source>On the declaration list</source>
        <translation>已列入申报清单</translation>
    </message>
    <message>
        <source>On the recommendation list</source>
        <translation>已列入推荐清单</translation>
    </message>
    <message>
        <source>Feedback given</source>
        <translation>已反馈</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save and start application…</source>
        <translation>保存并发起授信申请…</translation>
    </message>
    <message>
        <source>Read-only: another workbench is using this portfolio, so nothing can be saved.</source>
        <translation>只读：另一个工作台正在使用该组合，无法保存。</translation>
    </message>
    <message>
        <source>Credit granted: %1 · Loan issued: %2</source>
        <translation>已授信：%1 · 已放款：%2</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>近 90 天</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Log visit…</source>
        <translation>登记走访…</translation>
    </message>
    <message>
        <source>Start application…</source>
        <translation>发起授信申请…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <source>Amount needed (10k yuan)</source>
        <translation>融资需求（万元）</translation>
    </message>
    <message>
        <source>Screening points met</source>
        <translation>符合筛查条件</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>已申报</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>已推荐</translation>
    </message>
    <message>
        <source>Credit granted</source>
        <translation>已授信</translation>
    </message>
    <message>
        <source>Loan issued</source>
        <translation>已放款</translation>
    </message>
    <message>
        <source>Feedback given</source>
        <translation>已反馈</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>All officers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <source>%1 visits</source>
        <translation>%1 次走访</translation>
    </message>
</context>
</TS>
