<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>cdnrec::CallReply</name>
    <message>
        <source>%1 is %2, expected an object</source>
        <translation>%1 是 %2，应为对象</translation>
    </message>
    <message>
        <source>%1.StreamName is %2, expected a string</source>
        <translation>%1.StreamName 是 %2，应为字符串</translation>
    </message>
    <message>
        <source>%1.Code is %2, expected a string</source>
        <translation>%1.Code 是 %2，应为字符串</translation>
    </message>
    <message>
        <source>%1.Code is %2, expected a whole number</source>
        <translation>%1.Code 是 %2，应为整数</translation>
    </message>
    <message>
        <source>%1.id is %2, expected a string</source>
        <translation>%1.id 是 %2，应为字符串</translation>
    </message>
    <message>
        <source>%1.http_code is %2, expected a whole number</source>
        <translation>%1.http_code 是 %2，应为整数</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>the answer is too large (%1 bytes, at most %2 are read)</source>
        <translation>响应过大（%1 字节，最多读取 %2 字节）</translation>
    </message>
    <message>
        <source>%1 with an empty body</source>
        <translation>%1，响应体为空</translation>
    </message>
    <message>
        <source>the answer is empty (%1)</source>
        <translation>响应为空（%1）</translation>
    </message>
    <message>
        <source>the answer is not valid JSON (%1 at byte %2); it begins: %3</source>
        <translation>响应不是有效的 JSON（第 %2 字节处%1）；开头为：%3</translation>
    </message>
    <message>
        <source>the answer is a JSON array, expected an object</source>
        <translation>响应是 JSON 数组，应为对象</translation>
    </message>
    <message>
        <source>the answer's Code is %1, expected a whole number</source>
        <translation>响应的 Code 是 %1，应为整数</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>refused with code %1</source>
        <translation>被拒绝，返回码 %1</translation>
    </message>
    <message>
        <source>%1 with Code 0 in the body: not taken as success</source>
        <translation>%1，但响应体中 Code 为 0：不视为成功</translation>
    </message>
    <message>
        <source>the answer has Code 0 but Data is %1</source>
        <translation>响应 Code 为 0，但 Data 是 %1</translation>
    </message>
    <message>
        <source>the answer has no Data.%1</source>
        <translation>响应中没有 Data.%1</translation>
    </message>
    <message>
        <source>the answer has %1 instead of Data.%2: is the vendor right?</source>
        <translation>响应中是 %1 而不是 Data.%2：厂商选对了吗？</translation>
    </message>
    <message>
        <source>Data.Ws is %1, expected an object</source>
        <translation>Data.Ws 是 %1，应为对象</translation>
    </message>
    <message>
        <source>Data.Ws.list is %1, expected an array</source>
        <translation>Data.Ws.list 是 %1，应为数组</translation>
    </message>
    <message>
        <source>Data.%1 is %2, expected an array</source>
        <translation>Data.%1 是 %2，应为数组</translation>
    </message>
    <message>
        <source>the vendor answered twice for this stream with different results (%1 / %2)</source>
        <translation>厂商对此流返回了两次不同的结果（%1 / %2）</translation>
    </message>
    <message>
        <source>the vendor's answer left this stream out</source>
        <translation>厂商的响应中没有此流</translation>
    </message>
    <message>
        <source>the vendor's answer left this stream out or was unreadable: %1</source>
        <translation>厂商的响应中没有此流或无法读取：%1</translation>
    </message>
    <message>
        <source>the answer gives the key “%1” twice in one object: it is ambiguous, so none of it is taken as an outcome</source>
        <translation>应答在同一对象中两次给出键“%1”：含义不明，因此其中任何内容都不作为结果</translation>
    </message>
</context>
<context>
    <name>cdnrec::DetailsPane</name>
    <message>
        <source>Details of the selected stream</source>
        <translation>所选流的详情</translation>
    </message>
    <message>
        <source>Copy as &amp;curl (signature redacted)</source>
        <translation>复制为 &amp;curl 命令（已隐去签名）</translation>
    </message>
    <message>
        <source>Copy the request as a curl command, signature redacted</source>
        <translation>将请求复制为 curl 命令（签名已隐去）</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a row to see its details: the answer of its call, what the code means, and what to do.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一行以查看详情：请求的返回内容、返回码的含义以及处理建议。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Stream ID:</source>
        <translation>流 ID：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>返回码：</translation>
    </message>
    <message>
        <source>Meaning:</source>
        <translation>含义：</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>处理建议：</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <source>Vendor request ID:</source>
        <translation>厂商请求 ID：</translation>
    </message>
    <message>
        <source>ZEGO request ID:</source>
        <translation>ZEGO 请求 ID：</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>尝试次数：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>注意：</translation>
    </message>
    <message>
        <source>an earlier attempt went unanswered; it may have stopped the recording</source>
        <translation>之前的一次尝试未得到响应，可能已经停止了录制</translation>
    </message>
    <message>
        <source>Call %1, attempt %2</source>
        <translation>请求 %1，第 %2 次尝试</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>请求：</translation>
    </message>
    <message>
        <source>HTTP status:</source>
        <translation>HTTP 状态：</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>Took:</source>
        <translation>耗时：</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Problem:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>响应：</translation>
    </message>
    <message>
        <source>Sent by:</source>
        <translation>所属运行：</translation>
    </message>
    <message>
        <source>Answered at:</source>
        <translation>应答时间：</translation>
    </message>
</context>
<context>
    <name>cdnrec::Endpoint</name>
    <message>
        <source>Unified (any region)</source>
        <translation>统一接入（任意地区）</translation>
    </message>
    <message>
        <source>Mainland China (Shanghai)</source>
        <translation>中国内地（上海）</translation>
    </message>
    <message>
        <source>Hong Kong, Macau, Taiwan</source>
        <translation>中国香港、澳门、台湾</translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation>欧洲（法兰克福）</translation>
    </message>
    <message>
        <source>US West (California)</source>
        <translation>美西（加利福尼亚）</translation>
    </message>
    <message>
        <source>Asia-Pacific (Mumbai)</source>
        <translation>亚太（孟买）</translation>
    </message>
    <message>
        <source>Southeast Asia (Singapore)</source>
        <translation>东南亚（新加坡）</translation>
    </message>
    <message>
        <source>'%1' is not a URL with a host</source>
        <translation>“%1”不是带主机名的 URL</translation>
    </message>
    <message>
        <source>http:// is only allowed for a loopback address (127.0.0.1, ::1, localhost); use https:// for %1</source>
        <translation>http:// 仅允许用于回环地址（127.0.0.1、::1、localhost）；%1 请使用 https://</translation>
    </message>
    <message>
        <source>'%1' must start with https://</source>
        <translation>“%1”必须以 https:// 开头</translation>
    </message>
    <message>
        <source>the endpoint must not carry a query or a fragment</source>
        <translation>接入地址不能带查询参数或片段</translation>
    </message>
    <message>
        <source>an endpoint must not carry a user name or password</source>
        <translation>接入地址不能带用户名或密码</translation>
    </message>
</context>
<context>
    <name>cdnrec::History</name>
    <message>
        <source>the history could not record the call (%1)</source>
        <translation>历史记录无法记录该请求（%1）</translation>
    </message>
    <message>
        <source>The history cannot be opened at %1: %2. Stops are not recorded.</source>
        <translation>无法在 %1 打开历史记录：%2。停止操作不会被记录。</translation>
    </message>
    <message>
        <source>written by a newer cdnrec (format %1)</source>
        <translation>由更新版本的 cdnrec 写入（格式 %1）</translation>
    </message>
    <message>
        <source>The history was written by a newer cdnrec (format %1); this version does not record into it.</source>
        <translation>历史记录由更新版本的 cdnrec 写入（格式 %1）；此版本不会向其中写入。</translation>
    </message>
    <message>
        <source>the history is not open</source>
        <translation>历史记录未打开</translation>
    </message>
    <message>
        <source>The history at %1 is damaged: %2</source>
        <translation>历史记录 %1 已损坏：%2</translation>
    </message>
    <message>
        <source>The history cannot be read at %1: %2</source>
        <translation>无法读取历史记录 %1：%2</translation>
    </message>
    <message>
        <source>The history file was damaged; it was moved to %1 and a new one was started.</source>
        <translation>历史记录文件已损坏；已将其移至 %1，并新建了一个历史记录。</translation>
    </message>
    <message>
        <source>The history file was damaged and moved to %1, but a new one cannot be started: %2. Stops are not recorded.</source>
        <translation>历史记录文件已损坏并已移至 %1，但无法新建历史记录：%2。停止操作不会被记录。</translation>
    </message>
    <message>
        <source>The history file %1 is damaged and could not be moved aside. Stops are not recorded.</source>
        <translation>历史记录文件 %1 已损坏，且无法移到一旁。停止操作不会被记录。</translation>
    </message>
    <message>
        <source>The history at %1 can only be read (%2). Stops are not recorded.</source>
        <translation>历史记录 %1 只能读取（%2）。停止操作不会被记录。</translation>
    </message>
    <message>
        <source>the history can only be read</source>
        <translation>历史记录只能读取</translation>
    </message>
    <message>
        <source>not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <source>there is no history file yet</source>
        <translation>还没有历史记录文件</translation>
    </message>
    <message>
        <source>file is not a database</source>
        <translation>文件不是数据库</translation>
    </message>
    <message>
        <source>there is no history file at %1</source>
        <translation>%1 处没有历史记录文件</translation>
    </message>
    <message>
        <source>no run was begun</source>
        <translation>尚未开始任何运行</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <source>the history is closed</source>
        <translation>历史记录已关闭</translation>
    </message>
    <message>
        <source>the history closed before it was written</source>
        <translation>历史记录在写入前已关闭</translation>
    </message>
</context>
<context>
    <name>cdnrec::HistoryDialog</name>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Stream ID (exact)</source>
        <translation>流 ID（精确匹配）</translation>
    </message>
    <message>
        <source>Filter by stream ID</source>
        <translation>按流 ID 筛选</translation>
    </message>
    <message>
        <source>Filter by profile</source>
        <translation>按配置筛选</translation>
    </message>
    <message>
        <source>Filter by outcome</source>
        <translation>按结果筛选</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>任意结果</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>任意日期</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Runs, newest first</source>
        <translation>执行记录（最新在前）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>执行</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>AppId</source>
        <translation>AppId</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>厂商</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>流数量</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>The run's streams</source>
        <translation>本次执行的流</translation>
    </message>
    <message>
        <source>Stream ID</source>
        <translation>流 ID</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>返回码</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>ZEGO request ID</source>
        <translation>ZEGO 请求 ID</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>The run's calls and their answers</source>
        <translation>本次执行的请求及其响应</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Load &amp;failed and unknown into the console</source>
        <translation>将失败和未知的流载入主窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Load &amp;all into the console</source>
        <translation>全部载入主窗口(&amp;A)</translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>导出本次执行</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>No history is available.</source>
        <translation>没有可用的历史记录。</translation>
    </message>
    <message>
        <source>Any profile</source>
        <translation>任意配置</translation>
    </message>
    <message>
        <source>%1 stopped, %2 failed, %3 unknown, %4 skipped</source>
        <translation>已停止 %1，失败 %2，未知 %3，跳过 %4</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation><numerusform>%n 次执行</numerusform></translation>
    </message>
    <message>
        <source> that carried %1</source>
        <translation>，包含 %1</translation>
    </message>
    <message>
        <source>Run %1: %2 at %3</source>
        <translation>执行 %1：%2，%3</translation>
    </message>
    <message>
        <source>HTTP %1, Code %2</source>
        <translation>HTTP %1，返回码 %2</translation>
    </message>
    <message>
        <source>Call %1 (attempt %2), %3:</source>
        <translation>请求 %1（第 %2 次尝试），%3：</translation>
    </message>
    <message>
        <source>What the history shows</source>
        <translation>历史记录显示的内容</translation>
    </message>
    <message>
        <source>C&amp;heck the file</source>
        <translation>检查文件(&amp;H)</translation>
    </message>
    <message>
        <source>Check the whole history file for damage</source>
        <translation>检查整个历史记录文件是否损坏</translation>
    </message>
    <message>
        <source>Reads every page of the history file; on a large file this takes a while.</source>
        <translation>读取历史记录文件的每一页；文件较大时需要一些时间。</translation>
    </message>
    <message>
        <source>Export the selected run as CSV</source>
        <translation>将所选运行导出为 CSV</translation>
    </message>
    <message>
        <source>Load the selected run's failed and unknown streams into the console</source>
        <translation>将所选运行中失败和未知的流载入主窗口</translation>
    </message>
    <message>
        <source>Load all streams of the selected run into the console</source>
        <translation>将所选运行的全部流载入主窗口</translation>
    </message>
    <message>
        <source>Close the history</source>
        <translation>关闭历史记录</translation>
    </message>
    <message>
        <source>, %1 not sent, %2 sent with no answer recorded: interrupted, the run never finished</source>
        <translation>，%1 个未发送，%2 个已发送但未记录应答：已中断，本次运行未完成</translation>
    </message>
    <message>
        <source>Checking %1 for damage…</source>
        <translation>正在检查 %1 是否损坏…</translation>
    </message>
    <message>
        <source>The history file has no damage.</source>
        <translation>历史记录文件没有损坏。</translation>
    </message>
    <message>
        <source>The history file is damaged: %1</source>
        <translation>历史记录文件已损坏：%1</translation>
    </message>
    <message>
        <source>Whose history</source>
        <translation>谁的历史记录</translation>
    </message>
    <message>
        <source>My history</source>
        <translation>我的历史记录</translation>
    </message>
    <message>
        <source>Team history</source>
        <translation>团队历史记录</translation>
    </message>
    <message>
        <source>The team database's audit trail: every operator's runs</source>
        <translation>团队数据库的审计记录：所有操作员的运行</translation>
    </message>
    <message>
        <source>Connect to a team database in Preferences ▸ Team</source>
        <translation>请在“首选项 ▸ 团队”中连接团队数据库</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Filter by operator</source>
        <translation>按操作员筛选</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>&amp;Restart recording…</source>
        <translation>重新开始录制(&amp;R)…</translation>
    </message>
    <message>
        <source>Restart the recording of the streams the selected run stopped</source>
        <translation>重新开始所选运行停止的流的录制</translation>
    </message>
    <message>
        <source>in the team history</source>
        <translation>已在团队历史记录中</translation>
    </message>
    <message>
        <source>not yet in the team history</source>
        <translation>尚未进入团队历史记录</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>%1 restarted, %2 failed, %3 unknown, %4 skipped</source>
        <translation>已重新开始 %1，失败 %2，未知 %3，跳过 %4</translation>
    </message>
    <message>
        <source>Reading the team history from %1…</source>
        <translation>正在从 %1 读取团队历史记录…</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in the team history</source>
        <translation><numerusform>团队历史记录中有 %n 次运行</numerusform></translation>
    </message>
    <message>
        <source>Team run %1</source>
        <translation>团队运行 %1</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>范围(&amp;S)：</translation>
    </message>
    <message>
        <source>A large run: only its first %1 streams and calls are shown here. cdnrec history --scope team --run %2 --json gives all of it.</source>
        <translation>大型运行：这里只显示其前 %1 个流和调用。cdnrec history --scope team --run %2 --json 可给出全部内容。</translation>
    </message>
    <message numerus="yes">
        <source>… %n more</source>
        <translation><numerusform>……另外 %n 个</numerusform></translation>
    </message>
    <message>
        <source>, %1 not sent, %2 sent with no answer recorded (no end recorded: still running, or interrupted)</source>
        <translation>，%1 个未发送，%2 个已发送但未记录应答（未记录结束：仍在运行，或已中断）</translation>
    </message>
    <message>
        <source> (counted over its first 200,000 rows)</source>
        <translation>（按其前 200,000 行统计）</translation>
    </message>
    <message>
        <source>A large run: showing the first %1 of its %2 streams and the first %3 of its %4 calls. cdnrec history --run %5 --json gives all of it.</source>
        <translation>大型运行：显示其 %2 个流中的前 %1 个，以及 %4 个调用中的前 %3 个。cdnrec history --run %5 --json 可给出全部内容。</translation>
    </message>
    <message>
        <source>Reading the history…</source>
        <translation>正在读取历史记录…</translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2 runs (narrow the filters to see the others)</source>
        <translation>显示 %2 次执行中最新的 %1 次（缩小筛选范围可查看其余）</translation>
    </message>
    <message>
        <source>The history could not be read: %1</source>
        <translation>无法读取历史记录：%1</translation>
    </message>
    <message>
        <source>Reading the run…</source>
        <translation>正在读取本次运行…</translation>
    </message>
    <message>
        <source>Practice (simulator)</source>
        <translation>练习（模拟器）</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>已完成的操作</translation>
    </message>
    <message>
        <source>Vendor request ID</source>
        <translation>厂商请求 ID</translation>
    </message>
    <message>
        <source>Run %1 has no streams: nothing was loaded.</source>
        <translation>执行 %1 没有流：未载入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) of run %1 loaded into the console.</source>
        <translation><numerusform>已将执行 %1 中 %n 条流载入主窗口。</numerusform></translation>
    </message>
    <message>
        <source>Nothing was exported: choose a run first.</source>
        <translation>未导出任何内容：请先选择一次执行。</translation>
    </message>
    <message>
        <source>Run %1 was not exported: %2</source>
        <translation>执行 %1 未导出：%2</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 exported to %2 (%n stream(s)).</source>
        <translation><numerusform>执行 %1 已导出到 %2（%n 条流）。</numerusform></translation>
    </message>
    <message>
        <source>no answer: %1</source>
        <translation>无应答：%1</translation>
    </message>
    <message>
        <source>Already recording</source>
        <translation>已在录制</translation>
    </message>
    <message>
        <source>Run %1 has no failed, unknown or unsent streams: nothing was loaded.</source>
        <translation>执行 %1 没有失败、未知或未发送的流：未加载任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) of run %1 that failed, are unknown or were not sent loaded into the console.</source>
        <translation><numerusform>已将执行 %1 中失败、未知或未发送的 %n 条流加载到控制台。</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::HistoryReader</name>
    <message>
        <source>there is no history file at %1</source>
        <translation>%1 处没有历史记录文件</translation>
    </message>
</context>
<context>
    <name>cdnrec::HistoryStatus</name>
    <message>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>Sent, no answer recorded</source>
        <translation>已发送，未记录应答</translation>
    </message>
</context>
<context>
    <name>cdnrec::Job</name>
    <message>
        <source>cancelled before it was sent</source>
        <translation>发送前已取消</translation>
    </message>
    <message>
        <source>Stopped sending: %1.</source>
        <translation>已停止发送：%1。</translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>the answer was larger than %1 bytes and was not read</source>
        <translation>响应超过 %1 字节，未读取</translation>
    </message>
    <message>
        <source>cancelled while the call was in flight</source>
        <translation>请求发出后、响应前被取消</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>%1 秒内无响应</translation>
    </message>
    <message>
        <source>TLS error talking to %1: %2</source>
        <translation>与 %1 通信时发生 TLS 错误：%2</translation>
    </message>
    <message>
        <source>could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>%1 (code %2). %3</source>
        <translation>%1（返回码 %2）。%3</translation>
    </message>
    <message>
        <source>not sent: the gateway refused the call with code %1</source>
        <translation>未发送：网关以返回码 %1 拒绝了请求</translation>
    </message>
    <message>
        <source>an earlier attempt went unanswered and may have started it</source>
        <translation>之前的一次尝试未得到响应，可能已经开始了录制</translation>
    </message>
    <message>
        <source>an earlier attempt went unanswered and may have stopped it</source>
        <translation>之前的一次尝试未得到响应，可能已经停止了它</translation>
    </message>
    <message>
        <source>the request was never sent: no connection was ready within %1 s</source>
        <translation>请求从未发出：%1 秒内没有可用的连接</translation>
    </message>
</context>
<context>
    <name>cdnrec::JsonValue</name>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
</context>
<context>
    <name>cdnrec::MainWindow</name>
    <message>
        <source>The practice simulator could not listen on 127.0.0.1.</source>
        <translation>练习模拟器无法在 127.0.0.1 上监听。</translation>
    </message>
    <message>
        <source>About cdnrec</source>
        <translation>关于 cdnrec</translation>
    </message>
    <message>
        <source>&amp;Stop recordings</source>
        <translation>停止录制(&amp;S)</translation>
    </message>
    <message>
        <source>Stop the CDN recording of every valid stream in the list (Ctrl+Enter)</source>
        <translation>停止列表中所有有效流的 CDN 录制（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Send no further calls; calls in flight are marked Unknown (Esc)</source>
        <translation>不再发送请求；已发出未返回的请求标记为“未知”（Esc）</translation>
    </message>
    <message>
        <source>Send again the streams that Failed or are Unknown (Ctrl+Shift+R)</source>
        <translation>重新发送“失败”或“未知”的流（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>Type or paste stream IDs, then Enter</source>
        <translation>输入或粘贴流 ID，然后按 Enter</translation>
    </message>
    <message>
        <source>Add stream IDs</source>
        <translation>添加流 ID</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Streams and their outcomes</source>
        <translation>流及其结果</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import stream IDs…</source>
        <translation>导入流 ID(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export results…</source>
        <translation>导出结果(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Paste stream IDs</source>
        <translation>粘贴流 ID(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Copy rows</source>
        <translation>复制行(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Delete selected</source>
        <translation>删除所选(&amp;D)</translation>
    </message>
    <message>
        <source>C&amp;lear list</source>
        <translation>清空列表(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>执行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Retry failed and unknown</source>
        <translation>重试失败和未知(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About cdnrec</source>
        <translation>关于 cdnrec(&amp;A)</translation>
    </message>
    <message numerus="yes">
        <source>Added %n stream ID(s)</source>
        <translation><numerusform>已添加 %n 个流 ID</numerusform></translation>
    </message>
    <message>
        <source>Nothing new added</source>
        <translation>没有新增内容</translation>
    </message>
    <message>
        <source>The clipboard holds no text</source>
        <translation>剪贴板中没有文本</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n stream ID(s) from %1</source>
        <translation><numerusform>已从 %1 导入 %n 个流 ID</numerusform></translation>
    </message>
    <message>
        <source>Import stream IDs</source>
        <translation>导入流 ID</translation>
    </message>
    <message>
        <source>Stream ID lists (*.txt *.csv *.tsv);;All files (*)</source>
        <translation>流 ID 列表 (*.txt *.csv *.tsv);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n invalid: hover for the reason; never sent</source>
        <translation><numerusform>%n 个无效：悬停查看原因；不会发送</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n outside ZEGO's ID rule (sent anyway)</source>
        <translation><numerusform>%n 个不符合 ZEGO 的 ID 规则（仍会发送）</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) in the list</source>
        <translation><numerusform>列表中共 %n 条流</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Removed %n row(s)</source>
        <translation><numerusform>已移除 %n 行</numerusform></translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n stream(s) and their outcomes from the list?</source>
        <translation><numerusform>从列表中移除全部 %n 条流及其结果？</numerusform></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1</source>
        <translation><numerusform>已导出 %n 行到 %1</numerusform></translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Nothing to retry: no stream Failed or is Unknown</source>
        <translation>没有可重试的：没有“失败”或“未知”的流</translation>
    </message>
    <message>
        <source>Nothing to stop: add stream IDs first</source>
        <translation>没有可停止的：请先添加流 ID</translation>
    </message>
    <message numerus="yes">
        <source>Stop the CDN recording of %n stream(s)?</source>
        <translation><numerusform>停止 %n 条流的 CDN 录制？</numerusform></translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>配置：%1</translation>
    </message>
    <message>
        <source>Environment: %1</source>
        <translation>环境：%1</translation>
    </message>
    <message>
        <source>AppId: %1</source>
        <translation>AppId：%1</translation>
    </message>
    <message>
        <source>Vendor: %1 (%2)</source>
        <translation>厂商：%1（%2）</translation>
    </message>
    <message>
        <source>Retry failed streams</source>
        <translation>重试失败的流</translation>
    </message>
    <message>
        <source>Stop recordings</source>
        <translation>停止录制</translation>
    </message>
    <message numerus="yes">
        <source>Stop %n recording(s)</source>
        <translation><numerusform>停止 %n 个录制</numerusform></translation>
    </message>
    <message>
        <source>%v / %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Cancelled: %1 stopped, %2 failed, %3 unknown, %4 not sent</source>
        <translation>已取消：已停止 %1，失败 %2，未知 %3，未发送 %4</translation>
    </message>
    <message>
        <source>Done: %1 stopped, %2 failed, %3 unknown, %4 not sent</source>
        <translation>完成：已停止 %1，失败 %2，未知 %3，未发送 %4</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) in %1 s</source>
        <translation><numerusform>%1 秒内 %n 次请求</numerusform></translation>
    </message>
    <message>
        <source>Quit during a stop</source>
        <translation>停止过程中退出</translation>
    </message>
    <message>
        <source>%v / %m · %1 not stopped</source>
        <translation>%v / %m · %1 条未停止</translation>
    </message>
    <message>
        <source>&amp;Profiles…</source>
        <translation>配置管理(&amp;P)…</translation>
    </message>
    <message>
        <source>The profile “%1” no longer exists.</source>
        <translation>配置“%1”已不存在。</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>接入地址：%1</translation>
    </message>
    <message>
        <source>Reading the ServerSecret of “%1” from the keyring…</source>
        <translation>正在从密钥环读取“%1”的 ServerSecret…</translation>
    </message>
    <message>
        <source>ServerSecret needed</source>
        <translation>需要 ServerSecret</translation>
    </message>
    <message>
        <source>Not sent: no ServerSecret for “%1”. %2</source>
        <translation>未发送：没有“%1”的 ServerSecret。%2</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>历史记录(&amp;H)…</translation>
    </message>
    <message>
        <source>Stop CDN recordings</source>
        <translation>停止 CDN 录制</translation>
    </message>
    <message>
        <source>Re&amp;try failed</source>
        <translation>重试失败项(&amp;T)</translation>
    </message>
    <message>
        <source>Add the typed stream IDs</source>
        <translation>添加输入的流 ID</translation>
    </message>
    <message>
        <source>Filter by stream ID (Ctrl+F, Esc clears)</source>
        <translation>按流 ID 筛选（Ctrl+F，Esc 清除）</translation>
    </message>
    <message>
        <source>Failed and &amp;unknown only</source>
        <translation>仅显示失败和未知(&amp;U)</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>发送速率</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Rows shown</source>
        <translation>显示的行数</translation>
    </message>
    <message>
        <source>Retry failed and unknown streams</source>
        <translation>重试失败和未知的流</translation>
    </message>
    <message>
        <source>Cancel the run</source>
        <translation>取消本次运行</translation>
    </message>
    <message>
        <source>Show only failed and unknown streams</source>
        <translation>仅显示失败和未知的流</translation>
    </message>
    <message numerus="yes">
        <source>Load %n stream(s)</source>
        <translation><numerusform>载入 %n 条流</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) skipped (each ID is listed once, with its outcome)</source>
        <translation><numerusform>跳过 %n 个重复项（每个 ID 只列一次，保留其结果）</numerusform></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>Note: these streams were last sent with “%1”; this retry uses “%2”.</source>
        <translation>注意：这些流上次通过“%1”发送；本次重试使用“%2”。</translation>
    </message>
    <message>
        <source>Not sent: %1.</source>
        <translation>未发送：%1。</translation>
    </message>
    <message>
        <source>A stop is running: %1 of %2 streams are done.

If you quit now, no further call is sent; calls already sent are marked Unknown.</source>
        <translation>正在停止录制：已完成 %1 / %2 条流。

现在退出将不再发送请求；已发出的请求标记为“未知”。</translation>
    </message>
    <message>
        <source>Stop sending and quit</source>
        <translation>停止发送并退出</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>latency %1 ms · %2 calls/s · %3 in flight</source>
        <translation>延迟 %1 毫秒 · %2 次/秒 · %3 个请求进行中</translation>
    </message>
    <message>
        <source>Team: connecting…</source>
        <translation>团队：正在连接…</translation>
    </message>
    <message>
        <source>Team: offline</source>
        <translation>团队：离线</translation>
    </message>
    <message>
        <source>Team: connected</source>
        <translation>团队：已连接</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) waiting</source>
        <translation><numerusform>%n 个事件等待发送</numerusform></translation>
    </message>
    <message>
        <source>Team database</source>
        <translation>团队数据库</translation>
    </message>
    <message>
        <source>R&amp;estart recording…</source>
        <translation>重新开始录制(&amp;E)…</translation>
    </message>
    <message>
        <source>Restart the CDN recording of the selected Stopped streams (StartCDNRecord)</source>
        <translation>重新开始所选“已停止”流的 CDN 录制（StartCDNRecord）</translation>
    </message>
    <message>
        <source>Nothing to undo: the last run stopped no stream that is still shown Stopped</source>
        <translation>没有可撤销的操作：上次运行停止的流中没有仍显示为“已停止”的</translation>
    </message>
    <message>
        <source>Nothing to restart: select streams shown Stopped</source>
        <translation>没有可重新开始的：请选择显示为“已停止”的流</translation>
    </message>
    <message>
        <source>The selected streams were stopped with different profiles or vendors: restart the streams of one profile at a time.</source>
        <translation>所选流是用不同的配置或厂商停止的：请每次只重新开始同一配置的流。</translation>
    </message>
    <message>
        <source>Run %1 stopped nothing: there is nothing to restart.</source>
        <translation>运行 %1 没有停止任何流：没有可重新开始的。</translation>
    </message>
    <message>
        <source>Run %1 was made with “%2”, which is not a saved profile here: restart it from the command line (cdnrec undo %1 --profile NAME).</source>
        <translation>运行 %1 使用的是“%2”，它不是此处已保存的配置：请用命令行重新开始（cdnrec undo %1 --profile 名称）。</translation>
    </message>
    <message>
        <source>%v / %m · %1 not restarted</source>
        <translation>%v / %m · %1 条未重新开始</translation>
    </message>
    <message>
        <source>Cancelled: %1 restarted, %2 failed, %3 unknown, %4 not sent</source>
        <translation>已取消：已重新开始 %1，失败 %2，未知 %3，未发送 %4</translation>
    </message>
    <message>
        <source>Done: %1 restarted, %2 failed, %3 unknown, %4 not sent</source>
        <translation>完成：已重新开始 %1，失败 %2，未知 %3，未发送 %4</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Undo the stop: restart %n recording(s)…</source>
        <translation><numerusform>撤销停止：重新开始 %n 个录制(&amp;U)…</numerusform></translation>
    </message>
    <message>
        <source>&amp;Undo the stop</source>
        <translation>撤销停止(&amp;U)</translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>首选项(&amp;E)…</translation>
    </message>
    <message>
        <source>Team profiles changed where they sign</source>
        <translation>团队配置的签名去向已更改</translation>
    </message>
    <message>
        <source>A colleague changed where these team profiles send your signed calls. Take the changes only if you expected them:

%1</source>
        <translation>有同事更改了这些团队配置发送您签名请求的去向。仅在您预期此更改时才采用：

%1</translation>
    </message>
    <message>
        <source>Take the changes</source>
        <translation>采用更改</translation>
    </message>
    <message>
        <source>Run %1 is not restarted: %2. A restart goes only where the stop went: restart it from the command line (cdnrec undo %1 --secret-file PATH).</source>
        <translation>运行 %1 未重新开始：%2。重新开始只发往停止时的去处：请用命令行重新开始（cdnrec undo %1 --secret-file 路径）。</translation>
    </message>
    <message numerus="yes">
        <source>%n selected stream(s) not shown Stopped are left out.</source>
        <translation><numerusform>所选流中有 %n 条未显示为“已停止”，已略过。</numerusform></translation>
    </message>
    <message>
        <source>Run %1 is not restarted now: a run is going on here. Restart it once it has ended.</source>
        <translation>运行 %1 现在不重新录制：此处有一个运行正在进行。请在它结束后再重新录制。</translation>
    </message>
    <message>
        <source>Restart again</source>
        <translation>再次重新录制</translation>
    </message>
    <message>
        <source>The profile “%1” uses %2: the vendor was %3.</source>
        <translation>配置“%1”使用 %2：厂商原为 %3。</translation>
    </message>
    <message>
        <source>Added during the run</source>
        <translation>运行期间添加</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Already recording</source>
        <translation>已在录制</translation>
    </message>
    <message>
        <source>Recording again</source>
        <translation>已重新录制</translation>
    </message>
    <message>
        <source>Stop failed</source>
        <translation>停止失败</translation>
    </message>
    <message>
        <source>Restart failed</source>
        <translation>重新录制失败</translation>
    </message>
    <message>
        <source>Restart unknown</source>
        <translation>重新录制结果未知</translation>
    </message>
    <message>
        <source>Stop unknown</source>
        <translation>停止结果未知</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to stop: %n stream ID(s) in the list are invalid (see the row's message)</source>
        <translation><numerusform>没有可停止的流：列表中的 %n 个流 ID 无效（见该行的消息）</numerusform></translation>
    </message>
    <message>
        <source>Run %1 is not restarted: %2.</source>
        <translation>运行 %1 未重新录制：%2。</translation>
    </message>
    <message>
        <source>Restart the streams of run %1 again? %2.</source>
        <translation>要再次重新录制运行 %1 的流吗？%2。</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation><numerusform>以及另外 %n 条</numerusform></translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message numerus="yes">
        <source> · Retry restarts the %n not sent</source>
        <translation><numerusform> · “重试”会重新录制未发送的 %n 条</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> · Stop sends the %n not sent</source>
        <translation><numerusform> · “停止”会发送未发送的 %n 条</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> · %n added during the run, not sent</source>
        <translation><numerusform> · 运行期间添加了 %n 条，未发送</numerusform></translation>
    </message>
    <message>
        <source>A restart is running: %1 of %2 streams are done.

Cancel it? No further call is sent; calls already sent are marked Unknown. Retry restarts the rest later.</source>
        <translation>正在重新录制：%2 条流中已完成 %1 条。

要取消吗？不会再发送任何调用；已发送的调用标记为“未知”。之后可用“重试”重新录制其余的流。</translation>
    </message>
    <message>
        <source>A stop is running: %1 of %2 streams are done.

Cancel it? No further call is sent; calls already sent are marked Unknown. Stop sends the rest later.</source>
        <translation>正在停止：%2 条流中已完成 %1 条。

要取消吗？不会再发送任何调用；已发送的调用标记为“未知”。之后可用“停止”发送其余的流。</translation>
    </message>
    <message>
        <source>Not sent: run %1 did not finish.</source>
        <translation>未发送：运行 %1 未完成。</translation>
    </message>
    <message>
        <source>Sent by run %1, which did not finish: no answer was recorded.</source>
        <translation>由运行 %1 发送，但该运行未完成：没有记录到应答。</translation>
    </message>
    <message>
        <source>An interrupted restart</source>
        <translation>中断的重新录制</translation>
    </message>
    <message>
        <source>An interrupted stop</source>
        <translation>中断的停止</translation>
    </message>
    <message numerus="yes">
        <source>The restart of %1 (run %2, profile “%3”) did not finish: %n stream(s) were not restarted or got no answer.

Load them into the list under “%3”, to restart them?</source>
        <translation><numerusform>%1 的重新录制（运行 %2，配置“%3”）未完成：%n 条流未重新录制或没有应答。

要以“%3”把它们载入列表并重新录制吗？</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The stop of %1 (run %2, profile “%3”) did not finish: %n stream(s) were not sent or got no answer.

Load them into the list under “%3”, to check and stop them?</source>
        <translation><numerusform>%1 的停止（运行 %2，配置“%3”）未完成：%n 条流未发送或没有应答。

要以“%3”把它们载入列表，检查后再停止吗？</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Load and restart %n stream(s)</source>
        <translation><numerusform>载入并重新录制 %n 条流</numerusform></translation>
    </message>
    <message>
        <source>Find streams in &amp;room…</source>
        <translation>按房间查找流(&amp;R)…</translation>
    </message>
    <message>
        <source>Room ID, then Enter</source>
        <translation>房间 ID，按 Enter</translation>
    </message>
    <message>
        <source>Lists the streams published in a room now, to add them (Ctrl+R)</source>
        <translation>列出房间中当前正在推送的流，以便添加（Ctrl+R）</translation>
    </message>
    <message>
        <source>Find streams in room</source>
        <translation>按房间查找流</translation>
    </message>
    <message numerus="yes">
        <source>Added %n stream ID(s) from room %1</source>
        <translation><numerusform>已从房间 %1 添加 %n 个流 ID</numerusform></translation>
    </message>
    <message>
        <source>a restart, profile “%1”</source>
        <translation>一次重新录制，配置“%1”</translation>
    </message>
    <message>
        <source>a stop, profile “%1”</source>
        <translation>一次停止，配置“%1”</translation>
    </message>
    <message>
        <source>run %1, %2</source>
        <translation>运行 %1，%2</translation>
    </message>
    <message>
        <source>&lt;h3&gt;cdnrec %1&lt;/h3&gt;&lt;p&gt;Stops ZEGO CDN recordings through the StopCDNRecord server API, one outcome per stream.&lt;/p&gt;&lt;p&gt;Licence: GPL-3.0-or-later.&lt;/p&gt;&lt;p&gt;Settings and profiles: %2&lt;br&gt;%3&lt;/p&gt;&lt;p&gt;API reference: &lt;a href="https://www.zegocloud.com/docs/video-call-server/stream-mixing-and-transcoding-apis/stopcdnrecord"&gt;StopCDNRecord&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;cdnrec %1&lt;/h3&gt;&lt;p&gt;通过 ZEGO 服务端 API StopCDNRecord 停止 CDN 录制，每条流一个结果。&lt;/p&gt;&lt;p&gt;许可证：GPL-3.0-or-later。&lt;/p&gt;&lt;p&gt;设置与配置：%2&lt;br&gt;%3&lt;/p&gt;&lt;p&gt;API 参考：&lt;a href="https://doc-zh.zego.im/"&gt;StopCDNRecord&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>Loaded %n stream(s) of run %1</source>
        <translation><numerusform>已载入运行 %1 的 %n 条流</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Restarting %n stream(s)…</source>
        <translation><numerusform>正在重新开始 %n 条流的录制…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Stopping %n stream(s)…</source>
        <translation><numerusform>正在停止 %n 条流的录制…</numerusform></translation>
    </message>
    <message>
        <source>Nothing to stop: every stream was sent already; to stop some again, select them, press Stop and check “Also send again”</source>
        <translation>没有可停止的流：每个流都已发送过；要再次停止其中一些，请选中它们，按“停止”并勾选“同时再次发送”</translation>
    </message>
    <message>
        <source>No stream in the list waits to be stopped.</source>
        <translation>列表中没有等待停止的流。</translation>
    </message>
    <message numerus="yes">
        <source>Also send again the %n selected stream(s) sent already (%1)</source>
        <translation><numerusform>同时再次发送已发送过的 %n 条选中的流（%1）</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Left out: %n selected stream(s) sent already. Check the box below to send again.</source>
        <translation><numerusform>未包含：%n 条选中的流已发送过。勾选下面的复选框即可再次发送。</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Keep the history for</source>
        <translation>历史记录保留时间</translation>
    </message>
    <message>
        <source>&amp;Keep the history:</source>
        <translation>历史记录保留(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Refuse to send calls the history cannot record (recommended)</source>
        <translation>历史记录无法记录时拒绝发送请求（推荐）(&amp;R)</translation>
    </message>
    <message>
        <source>With a full disk or an unreadable history, cdnrec stops sending rather than stop recordings that nobody could account for afterwards.</source>
        <translation>当磁盘已满或历史记录不可读时，cdnrec 会停止发送，以免停止的录制事后无从查证。</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史记录(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>团队(&amp;T)</translation>
    </message>
</context>
<context>
    <name>cdnrec::Profile</name>
    <message>
        <source>The AppId is required.</source>
        <translation>必须填写 AppId。</translation>
    </message>
    <message>
        <source>The AppId must be a whole number from 0 to 4294967295 (from the ZEGO console).</source>
        <translation>AppId 必须是 0 到 4294967295 之间的整数（见 ZEGO 控制台）。</translation>
    </message>
    <message>
        <source>The name is required.</source>
        <translation>必须填写名称。</translation>
    </message>
    <message>
        <source>The name must not begin or end with spaces.</source>
        <translation>名称首尾不能有空格。</translation>
    </message>
    <message>
        <source>The name is longer than 64 characters.</source>
        <translation>名称超过 64 个字符。</translation>
    </message>
    <message>
        <source>The name must not contain / or \.</source>
        <translation>名称不能包含 / 或 \。</translation>
    </message>
    <message>
        <source>“Practice” is the built-in profile's name.</source>
        <translation>“Practice”是内置配置的名称。</translation>
    </message>
    <message>
        <source>Unknown region “%1”.</source>
        <translation>未知地区“%1”。</translation>
    </message>
    <message>
        <source>Pick a region or give an endpoint URL.</source>
        <translation>请选择地区或填写接入地址 URL。</translation>
    </message>
    <message>
        <source>The batch size must be from 1 to 100.</source>
        <translation>每批数量必须在 1 到 100 之间。</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>STAGING</source>
        <translation>预发布</translation>
    </message>
    <message>
        <source>TEST</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>PRACTICE</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>The name must not contain control characters or line breaks.</source>
        <translation>名称不能包含控制字符或换行符。</translation>
    </message>
    <message>
        <source>The call rate</source>
        <translation>调用频率</translation>
    </message>
</context>
<context>
    <name>cdnrec::ProfileBar</name>
    <message>
        <source>&amp;Profile:</source>
        <translation>配置(&amp;P)：</translation>
    </message>
    <message>
        <source>Credential profile</source>
        <translation>凭据配置</translation>
    </message>
    <message>
        <source>Ven&amp;dor:</source>
        <translation>厂商(&amp;D)：</translation>
    </message>
    <message>
        <source>CDN vendor</source>
        <translation>CDN 厂商</translation>
    </message>
    <message>
        <source>Practice (simulator on this computer)</source>
        <translation>练习（本机模拟器）</translation>
    </message>
    <message>
        <source>%1 — AppId %2</source>
        <translation>%1 — AppId %2</translation>
    </message>
    <message>
        <source>Environment: %1</source>
        <translation>环境：%1</translation>
    </message>
    <message>
        <source>Calls go to %1 for AppId %2.</source>
        <translation>请求将发往 %1，AppId %2。</translation>
    </message>
    <message>
        <source>Calls go to a simulator on 127.0.0.1; nothing reaches ZEGO.</source>
        <translation>请求发往 127.0.0.1 上的模拟器，不会到达 ZEGO。</translation>
    </message>
    <message>
        <source>NOT PRACTICE</source>
        <translation>非练习</translation>
    </message>
</context>
<context>
    <name>cdnrec::ProfileDialog</name>
    <message>
        <source>Profiles</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Saved profiles</source>
        <translation>已保存的配置</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>环境(&amp;E)：</translation>
    </message>
    <message>
        <source>from the ZEGO console, e.g. 1234567890</source>
        <translation>来自 ZEGO 控制台，例如 1234567890</translation>
    </message>
    <message>
        <source>&amp;AppId:</source>
        <translation>&amp;AppId：</translation>
    </message>
    <message>
        <source>ServerSecret</source>
        <translation>ServerSecret</translation>
    </message>
    <message>
        <source>Show the secret</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Custom endpoint…</source>
        <translation>自定义接入地址…</translation>
    </message>
    <message>
        <source>Endpoint &amp;URL:</source>
        <translation>接入地址 &amp;URL：</translation>
    </message>
    <message>
        <source>Default &amp;vendor:</source>
        <translation>默认厂商(&amp;V)：</translation>
    </message>
    <message>
        <source> calls/s</source>
        <translation> 次/秒</translation>
    </message>
    <message>
        <source>ZEGO allows 20 calls per second for the whole AppId, your own servers included: leave them room.</source>
        <translation>ZEGO 对整个 AppId（包括您自己的服务器）限制为每秒 20 次：请为它们留出余量。</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>每批数量(&amp;B)：</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>The ServerSecret is required for a new profile.</source>
        <translation>新建配置必须填写 ServerSecret。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Profile “%1” saved.</source>
        <translation>配置“%1”已保存。</translation>
    </message>
    <message>
        <source>Renamed, but the secret did not move: %1</source>
        <translation>已重命名，但密钥未能迁移：%1</translation>
    </message>
    <message>
        <source>The keyring cannot keep the secret</source>
        <translation>密钥环无法保存该密钥</translation>
    </message>
    <message>
        <source>Use for this session</source>
        <translation>仅本次会话使用</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>A copy: give it a name and its own ServerSecret, then Save.</source>
        <translation>这是副本：请为其命名并填写其 ServerSecret，然后保存。</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>删除配置</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Testing the connection to %1…</source>
        <translation>正在测试到 %1 的连接…</translation>
    </message>
    <message>
        <source>Could not reach the endpoint: %1</source>
        <translation>无法访问接入地址：%1</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message>
        <source>The gateway answered with code %1: %2</source>
        <translation>网关返回码 %1：%2</translation>
    </message>
    <message>
        <source>Connected: the gateway accepted the AppId and the ServerSecret.</source>
        <translation>已连接：网关接受了 AppId 和 ServerSecret。</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Save the profiles as JSON, without their secrets, to hand a colleague</source>
        <translation>将配置保存为 JSON（不含密钥），以便交给同事</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>导出配置</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n profile(s) exported to %1, without secrets.</source>
        <translation><numerusform>已将 %n 个配置导出到 %1（不含密钥）。</numerusform></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n profile(s) imported; give each its ServerSecret, then Save.</source>
        <translation><numerusform>已导入 %n 个配置；请为每个配置填写 ServerSecret，然后保存。</numerusform></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>Pro&amp;files:</source>
        <translation>配置列表(&amp;F)：</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>新建(&amp;W)</translation>
    </message>
    <message>
        <source>Du&amp;plicate</source>
        <translation>复制(&amp;P)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>显示(&amp;H)</translation>
    </message>
    <message>
        <source>ServerSec&amp;ret:</source>
        <translation>ServerSecret(&amp;R)：</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>地区(&amp;G)：</translation>
    </message>
    <message>
        <source>Send IsTest=true (only pro&amp;jects created on or before 2021-11-16)</source>
        <translation>发送 IsTest=true（仅限 2021-11-16 及之前创建的项目）(&amp;J)</translation>
    </message>
    <message>
        <source>Send IsTest=true</source>
        <translation>发送 IsTest=true</translation>
    </message>
    <message>
        <source>IsTest switch:</source>
        <translation>IsTest 开关：</translation>
    </message>
    <message>
        <source>Ca&amp;ll rate:</source>
        <translation>调用频率(&amp;L)：</translation>
    </message>
    <message>
        <source>0.1 to %1 calls/s</source>
        <translation>0.1 至 %1 次/秒</translation>
    </message>
    <message>
        <source>1 to %1 streams per call</source>
        <translation>每次调用 1 至 %1 条流</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Hide</source>
        <translation>隐藏(&amp;H)</translation>
    </message>
    <message>
        <source>Choose the environment whose recordings this profile stops.</source>
        <translation>请选择此配置所停止录制的环境。</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was saved: correct the %n field(s) marked in red.</source>
        <translation><numerusform>未保存任何内容：请更正标红的 %n 个字段。</numerusform></translation>
    </message>
    <message>
        <source>moving the secret…</source>
        <translation>正在转移密钥…</translation>
    </message>
    <message>
        <source>saving to the keyring…</source>
        <translation>正在存入密钥环…</translation>
    </message>
    <message>
        <source>Keep the secret for this session only? It stays in memory until cdnrec quits and is never written to disk.</source>
        <translation>仅在本次会话中保留该密钥？它只保存在内存中直到 cdnrec 退出，从不写入磁盘。</translation>
    </message>
    <message>
        <source>Profile “%1” saved without a secret.</source>
        <translation>配置“%1”已保存，但没有密钥。</translation>
    </message>
    <message numerus="yes">
        <source>Not tested: correct the %n field(s) marked in red.</source>
        <translation><numerusform>未测试：请更正标红的 %n 个字段。</numerusform></translation>
    </message>
    <message>
        <source>Not tested: %1</source>
        <translation>未测试：%1</translation>
    </message>
    <message>
        <source>Type the ServerSecret to test the connection.</source>
        <translation>请输入 ServerSecret 以测试连接。</translation>
    </message>
    <message>
        <source>a new profile has no ServerSecret yet.</source>
        <translation>新配置还没有 ServerSecret。</translation>
    </message>
    <message>
        <source>Only for the simulator on this computer</source>
        <translation>仅用于本机上的模拟器</translation>
    </message>
    <message>
        <source>Set by the region. To type an endpoint of your own, choose “Custom endpoint…” as the region (or click here).</source>
        <translation>由地区决定。如需输入自己的接入地址，请将地区选为“自定义接入地址…”（或点击此处）。</translation>
    </message>
    <message>
        <source>Region set to “Custom endpoint…”: type the endpoint URL, or choose a region again to use ZEGO's.</source>
        <translation>地区已设为“自定义接入地址…”：请输入接入地址 URL；如需使用 ZEGO 的地址，请重新选择地区。</translation>
    </message>
    <message>
        <source>Nothing was saved yet: Save to keep the changes.</source>
        <translation>尚未保存任何内容：请点击“保存”以保留更改。</translation>
    </message>
    <message>
        <source>Delete profile “%1” and its ServerSecret, kept for this session only?</source>
        <translation>删除配置“%1”及其仅在本次会话中保留的 ServerSecret？</translation>
    </message>
    <message>
        <source>Delete profile “%1” and its ServerSecret, saved in %2?</source>
        <translation>删除配置“%1”及其保存在%2中的 ServerSecret？</translation>
    </message>
    <message>
        <source>Profile “%1” deleted, and its ServerSecret with it: none is left in %2.</source>
        <translation>配置“%1”已删除，其 ServerSecret 也一并删除：%2中不再保留。</translation>
    </message>
    <message>
        <source>Profile “%1” deleted; its ServerSecret may remain in %2: %3</source>
        <translation>配置“%1”已删除；其 ServerSecret 可能仍留在%2中：%3</translation>
    </message>
    <message>
        <source>Close without saving the new profile?</source>
        <translation>不保存新配置就关闭？</translation>
    </message>
    <message>
        <source>Close without saving the changes to “%1”?</source>
        <translation>不保存对“%1”的更改就关闭？</translation>
    </message>
    <message>
        <source>&amp;Discard changes</source>
        <translation>放弃更改(&amp;D)</translation>
    </message>
</context>
<context>
    <name>cdnrec::ProfileStore</name>
    <message>
        <source>the AppId is not a number from 0 to 4294967295</source>
        <translation>AppId 不是 0 到 4294967295 之间的数字</translation>
    </message>
    <message>
        <source>unknown vendor</source>
        <translation>未知厂商</translation>
    </message>
    <message>
        <source>These profiles were saved by a newer cdnrec (format %1); they can be used but not changed with this version.</source>
        <translation>这些配置由更新版本的 cdnrec 保存（格式 %1）；此版本可以使用但不能修改。</translation>
    </message>
    <message>
        <source>A profile named “%1” exists already.</source>
        <translation>名为“%1”的配置已存在。</translation>
    </message>
    <message>
        <source>There is no profile named “%1”.</source>
        <translation>没有名为“%1”的配置。</translation>
    </message>
    <message>
        <source>This is not a cdnrec profile file.</source>
        <translation>这不是 cdnrec 配置文件。</translation>
    </message>
    <message>
        <source>The team's version of “%1” is not valid.</source>
        <translation>团队中“%1”的版本无效。</translation>
    </message>
    <message>
        <source>the field “%1” has the wrong type</source>
        <translation>字段“%1”的类型不对</translation>
    </message>
    <message>
        <source>unknown environment “%1”</source>
        <translation>未知的环境“%1”</translation>
    </message>
    <message>
        <source>PRACTICE is only for the simulator on this computer (an endpoint on 127.0.0.1 or localhost). This profile's calls go to %1 and stop real recordings: choose PRODUCTION, STAGING or TEST.</source>
        <translation>“练习”仅用于本机上的模拟器（接入地址为 127.0.0.1 或 localhost）。此配置的调用发往 %1，会停止真实的录制：请选择“正式”“预发布”或“测试”。</translation>
    </message>
    <message>
        <source>another host</source>
        <translation>其他主机</translation>
    </message>
</context>
<context>
    <name>cdnrec::Rate</name>
    <message>
        <source>%1 must be a number from %2 to %3 calls per second (ZEGO allows 20 per AppId)</source>
        <translation>%1 必须是 %2 到 %3 之间的数（每秒调用次数；ZEGO 每个 AppId 允许每秒 20 次）</translation>
    </message>
    <message>
        <source>the call rate</source>
        <translation>调用频率</translation>
    </message>
</context>
<context>
    <name>cdnrec::RestartDialog</name>
    <message>
        <source>Restart recordings</source>
        <translation>重新开始录制</translation>
    </message>
    <message numerus="yes">
        <source>Restart the CDN recording of %n stream(s)?</source>
        <translation><numerusform>要重新开始 %n 路流的 CDN 录制吗？</numerusform></translation>
    </message>
    <message>
        <source>Record until</source>
        <translation>录制到</translation>
    </message>
    <message>
        <source>For &amp;1 hour</source>
        <translation>1 小时(&amp;1)</translation>
    </message>
    <message>
        <source>For &amp;6 hours</source>
        <translation>6 小时(&amp;6)</translation>
    </message>
    <message>
        <source>For &amp;24 hours (the longest ZEGO allows)</source>
        <translation>24 小时（ZEGO 允许的最长时间）(&amp;2)</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>直到(&amp;U)</translation>
    </message>
    <message>
        <source>Record until this time (within 24 hours)</source>
        <translation>录制到此时间（24 小时内）</translation>
    </message>
    <message>
        <source>When the recordings will end</source>
        <translation>录制何时结束</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Restart %n recording(s)</source>
        <translation><numerusform>重新开始 %n 个录制(&amp;R)</numerusform></translation>
    </message>
    <message>
        <source>The recordings end at %1.</source>
        <translation>录制将于 %1 结束。</translation>
    </message>
    <message>
        <source>ZEGO allows at most 24 hours, less a safety margin.</source>
        <translation>ZEGO 最多允许 24 小时（另留安全余量）。</translation>
    </message>
</context>
<context>
    <name>cdnrec::ReturnCodes</name>
    <message>
        <source>Success.</source>
        <translation>成功。</translation>
    </message>
    <message>
        <source>Input parameter error.</source>
        <translation>输入参数错误。</translation>
    </message>
    <message>
        <source>Check the stream IDs and the vendor; a stream the vendor does not know can cause it.</source>
        <translation>请检查流 ID 和厂商；厂商不认识的流也可能导致此错误。</translation>
    </message>
    <message>
        <source>The permission for this API is not enabled.</source>
        <translation>未开通此接口的相关权限。</translation>
    </message>
    <message>
        <source>Contact ZEGO technical support.</source>
        <translation>请联系 ZEGO 技术支持。</translation>
    </message>
    <message>
        <source>CDN type mismatch.</source>
        <translation>CDN 类型不匹配。</translation>
    </message>
    <message>
        <source>Pick the CDN vendor that is configured for this AppId.</source>
        <translation>请选择此 AppId 所配置的 CDN 厂商。</translation>
    </message>
    <message>
        <source>Configuration error.</source>
        <translation>配置错误。</translation>
    </message>
    <message>
        <source>Requests too frequent.</source>
        <translation>请求过于频繁。</translation>
    </message>
    <message>
        <source>Retried automatically with back-off; if it persists, lower the profile's call rate (your own servers share the AppId's 20 calls/s).</source>
        <translation>已自动退避重试；如果持续出现，请降低配置中的调用频率（您自己的服务器也共用该 AppId 每秒 20 次的额度）。</translation>
    </message>
    <message>
        <source>Authentication failed.</source>
        <translation>鉴权失败。</translation>
    </message>
    <message>
        <source>Check the profile's AppId and ServerSecret.</source>
        <translation>请检查配置中的 AppId 和 ServerSecret。</translation>
    </message>
    <message>
        <source>Request failed.</source>
        <translation>请求失败。</translation>
    </message>
    <message>
        <source>Wrong Host header.</source>
        <translation>Host 头错误。</translation>
    </message>
    <message>
        <source>Check the profile's endpoint.</source>
        <translation>请检查配置中的接入地址。</translation>
    </message>
    <message>
        <source>The AppId is malformed.</source>
        <translation>AppId 格式错误。</translation>
    </message>
    <message>
        <source>Check the profile's AppId.</source>
        <translation>请检查配置中的 AppId。</translation>
    </message>
    <message>
        <source>The Timestamp is empty.</source>
        <translation>Timestamp 为空。</translation>
    </message>
    <message>
        <source>A cdnrec bug: please report it.</source>
        <translation>这是 cdnrec 的缺陷，请报告。</translation>
    </message>
    <message>
        <source>The Timestamp is malformed.</source>
        <translation>Timestamp 格式错误。</translation>
    </message>
    <message>
        <source>The signature has expired.</source>
        <translation>签名已过期。</translation>
    </message>
    <message>
        <source>This computer's clock is off by more than 10 minutes; cdnrec corrects for it once. Set the clock right (NTP).</source>
        <translation>本机时钟偏差超过 10 分钟；cdnrec 会自动校正一次。请校准系统时钟（NTP）。</translation>
    </message>
    <message>
        <source>The signature is wrong.</source>
        <translation>签名错误。</translation>
    </message>
    <message>
        <source>Check the profile's ServerSecret and AppId.</source>
        <translation>请检查配置中的 ServerSecret 和 AppId。</translation>
    </message>
    <message>
        <source>The Action is empty.</source>
        <translation>Action 为空。</translation>
    </message>
    <message>
        <source>The Action is not supported.</source>
        <translation>不支持此 Action。</translation>
    </message>
    <message>
        <source>Check that the endpoint is a ZEGO RTC server API endpoint.</source>
        <translation>请确认接入地址是 ZEGO 实时音视频服务端 API 的地址。</translation>
    </message>
    <message>
        <source>The SignatureNonce is empty.</source>
        <translation>SignatureNonce 为空。</translation>
    </message>
    <message>
        <source>The Signature is empty.</source>
        <translation>Signature 为空。</translation>
    </message>
    <message>
        <source>The gateway cannot get the ServerSecret.</source>
        <translation>网关无法获取 ServerSecret。</translation>
    </message>
    <message>
        <source>Check the AppId; if it is right, contact ZEGO technical support.</source>
        <translation>请检查 AppId；如果无误，请联系 ZEGO 技术支持。</translation>
    </message>
    <message>
        <source>The gateway cannot get the app's configuration.</source>
        <translation>网关无法获取应用配置。</translation>
    </message>
    <message>
        <source>The gateway could not read the request.</source>
        <translation>网关无法读取请求。</translation>
    </message>
    <message>
        <source>Retried automatically.</source>
        <translation>已自动重试。</translation>
    </message>
    <message>
        <source>The SignatureVersion is empty.</source>
        <translation>SignatureVersion 为空。</translation>
    </message>
    <message>
        <source>The SignatureVersion is not supported (only 2.0 is).</source>
        <translation>不支持此 SignatureVersion（仅支持 2.0）。</translation>
    </message>
    <message>
        <source>Gateway internal error.</source>
        <translation>网关内部错误。</translation>
    </message>
    <message>
        <source>Retried automatically; if it persists, contact ZEGO technical support.</source>
        <translation>已自动重试；如果持续出现，请联系 ZEGO 技术支持。</translation>
    </message>
    <message>
        <source>The app is not configured for the production environment.</source>
        <translation>应用未配置正式环境。</translation>
    </message>
    <message>
        <source>Check the profile's IsTest switch (only projects created on or before 2021-11-16 use it).</source>
        <translation>请检查配置中的 IsTest 开关（仅 2021-11-16 及之前创建的项目使用）。</translation>
    </message>
    <message>
        <source>The service is not enabled for this app.</source>
        <translation>此应用未开通该服务。</translation>
    </message>
    <message>
        <source>Unknown return code %1.</source>
        <translation>未知返回码 %1。</translation>
    </message>
    <message>
        <source>Not retried. Quote the request IDs to ZEGO technical support.</source>
        <translation>未重试。请将请求 ID 提供给 ZEGO 技术支持。</translation>
    </message>
    <message>
        <source>%1 answered with code %2, which cdnrec does not know.</source>
        <translation>%1 返回了 cdnrec 不认识的错误码 %2。</translation>
    </message>
    <message>
        <source>Not retried. Quote the vendor request ID to ZEGO technical support.</source>
        <translation>不会重试。请向 ZEGO 技术支持提供厂商请求 ID。</translation>
    </message>
    <message>
        <source>Tencent Cloud has no such stream (channel).</source>
        <translation>腾讯云没有这条流（频道）。</translation>
    </message>
    <message>
        <source>Check the stream ID and the vendor; the recording may have ended already.</source>
        <translation>请检查流 ID 和厂商；录制可能已经结束。</translation>
    </message>
    <message>
        <source>Tencent Cloud has no recording task for this stream.</source>
        <translation>腾讯云没有这条流的录制任务。</translation>
    </message>
    <message>
        <source>The recording may have ended already, or it was started with another vendor: check the stream ID and the vendor.</source>
        <translation>录制可能已经结束，或是通过其他厂商开始的：请检查流 ID 和厂商。</translation>
    </message>
    <message>
        <source>Tencent Cloud says the stream does not exist.</source>
        <translation>腾讯云表示该流不存在。</translation>
    </message>
    <message>
        <source>Check the stream ID; the stream may have ended already.</source>
        <translation>请检查流 ID；该流可能已经结束。</translation>
    </message>
    <message>
        <source>Tencent Cloud could not change the recording task's state.</source>
        <translation>腾讯云无法改变录制任务的状态。</translation>
    </message>
    <message>
        <source>Retry later; if it persists, quote the vendor request ID to ZEGO technical support.</source>
        <translation>请稍后重试；如仍出现，请向 ZEGO 技术支持提供厂商请求 ID。</translation>
    </message>
    <message>
        <source>Tencent Cloud could not read its configuration.</source>
        <translation>腾讯云无法读取其配置。</translation>
    </message>
    <message>
        <source>Tencent Cloud had an internal network error.</source>
        <translation>腾讯云内部网络错误。</translation>
    </message>
    <message>
        <source>Tencent Cloud had an internal system error.</source>
        <translation>腾讯云内部系统错误。</translation>
    </message>
    <message>
        <source>Tencent Cloud's VOD service, where recordings are kept, is not activated.</source>
        <translation>用于保存录制文件的腾讯云点播服务未开通。</translation>
    </message>
    <message>
        <source>Contact ZEGO technical support about the recording set-up of this AppId.</source>
        <translation>请就此 AppId 的录制配置联系 ZEGO 技术支持。</translation>
    </message>
    <message>
        <source>Too many requests to Tencent Cloud.</source>
        <translation>对腾讯云的请求过于频繁。</translation>
    </message>
    <message>
        <source>Retry later, or lower the profile's call rate.</source>
        <translation>请稍后重试，或降低配置的调用频率。</translation>
    </message>
    <message>
        <source>Tencent Cloud refused ZEGO's credentials.</source>
        <translation>腾讯云拒绝了 ZEGO 的凭据。</translation>
    </message>
    <message>
        <source>Tencent Cloud says the operation failed.</source>
        <translation>腾讯云表示操作失败。</translation>
    </message>
    <message>
        <source>Check the stream ID and the vendor; if they are right, quote the vendor request ID to ZEGO technical support.</source>
        <translation>请检查流 ID 和厂商；如均无误，请向 ZEGO 技术支持提供厂商请求 ID。</translation>
    </message>
    <message>
        <source>Tencent Cloud had an internal error.</source>
        <translation>腾讯云内部错误。</translation>
    </message>
    <message>
        <source>Tencent Cloud says a parameter is invalid.</source>
        <translation>腾讯云表示参数无效。</translation>
    </message>
    <message>
        <source>Check the stream ID and the vendor.</source>
        <translation>请检查流 ID 和厂商。</translation>
    </message>
    <message>
        <source>Tencent Cloud says a parameter value is invalid.</source>
        <translation>腾讯云表示参数取值无效。</translation>
    </message>
    <message>
        <source>Tencent Cloud says a parameter is missing.</source>
        <translation>腾讯云表示缺少参数。</translation>
    </message>
    <message>
        <source>Check the stream ID; if it is right, quote the vendor request ID to ZEGO technical support.</source>
        <translation>请检查流 ID；如无误，请向 ZEGO 技术支持提供厂商请求 ID。</translation>
    </message>
    <message>
        <source>Tencent Cloud could not find the stream or its recording.</source>
        <translation>腾讯云找不到该流或其录制。</translation>
    </message>
    <message>
        <source>A Tencent Cloud resource the recording needs is unavailable.</source>
        <translation>录制所需的腾讯云资源不可用。</translation>
    </message>
    <message>
        <source>Tencent Cloud does not support this operation here.</source>
        <translation>腾讯云在此不支持该操作。</translation>
    </message>
    <message>
        <source>Tencent Cloud did not allow the operation.</source>
        <translation>腾讯云不允许该操作。</translation>
    </message>
    <message>
        <source>A Tencent Cloud limit was exceeded.</source>
        <translation>超出了腾讯云的限制。</translation>
    </message>
    <message>
        <source>Wangsu refused the request as malformed (HTTP 400).</source>
        <translation>网宿认为请求格式错误而拒绝（HTTP 400）。</translation>
    </message>
    <message>
        <source>Wangsu did not accept ZEGO's credentials (HTTP 401).</source>
        <translation>网宿不接受 ZEGO 的凭据（HTTP 401）。</translation>
    </message>
    <message>
        <source>Wangsu refused the operation (HTTP 403).</source>
        <translation>网宿拒绝了该操作（HTTP 403）。</translation>
    </message>
    <message>
        <source>Wangsu has no recording of this stream (HTTP 404).</source>
        <translation>网宿没有这条流的录制（HTTP 404）。</translation>
    </message>
    <message>
        <source>Too many requests to Wangsu (HTTP 429).</source>
        <translation>对网宿的请求过于频繁（HTTP 429）。</translation>
    </message>
    <message>
        <source>Wangsu had an internal error (HTTP 500).</source>
        <translation>网宿内部错误（HTTP 500）。</translation>
    </message>
    <message>
        <source>Wangsu's gateway had an error (HTTP 502).</source>
        <translation>网宿网关错误（HTTP 502）。</translation>
    </message>
    <message>
        <source>Wangsu's service is unavailable (HTTP 503).</source>
        <translation>网宿服务不可用（HTTP 503）。</translation>
    </message>
    <message>
        <source>Wangsu's gateway timed out (HTTP 504).</source>
        <translation>网宿网关超时（HTTP 504）。</translation>
    </message>
    <message>
        <source>The stream is already being recorded.</source>
        <translation>该流已在录制中。</translation>
    </message>
    <message>
        <source>Nothing to restart: its recording goes on until the end it was started with.</source>
        <translation>无需重新录制：它的录制会持续到启动时设定的结束时间。</translation>
    </message>
</context>
<context>
    <name>cdnrec::RoomLister</name>
    <message>
        <source>cancelled before the room was listed</source>
        <translation>在列出该房间之前已取消</translation>
    </message>
    <message>
        <source>room %1 was asked for less than %2 s ago: waiting %3 s for its answer or its next turn</source>
        <translation>房间 %1 在不到 %2 秒前已查询过：等待 %3 秒，直到拿到其应答或轮到下一次查询</translation>
    </message>
    <message>
        <source>the answer was larger than %1 bytes and was not read</source>
        <translation>响应超过 %1 字节，未读取</translation>
    </message>
    <message>
        <source>cancelled while the call was in flight</source>
        <translation>请求发出后、响应前被取消</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>%1 秒内无响应</translation>
    </message>
    <message>
        <source>this computer's clock is %1 s off the gateway's: list calls now carry the gateway's time</source>
        <translation>本机时钟与网关相差 %1 秒：列表调用现在使用网关的时间</translation>
    </message>
    <message>
        <source>not asked, as the gateway refused the credentials: %1</source>
        <translation>未查询，因为网关拒绝了凭据：%1</translation>
    </message>
</context>
<context>
    <name>cdnrec::RoomPicker</name>
    <message>
        <source>Find streams in room</source>
        <translation>按房间查找流</translation>
    </message>
    <message>
        <source>&amp;Room:</source>
        <translation>房间(&amp;R)：</translation>
    </message>
    <message>
        <source>a room ID, then Enter</source>
        <translation>输入房间 ID，按 Enter</translation>
    </message>
    <message>
        <source>Room ID</source>
        <translation>房间 ID</translation>
    </message>
    <message>
        <source>Listing</source>
        <translation>正在查询</translation>
    </message>
    <message>
        <source>Rooms asked</source>
        <translation>已查询的房间</translation>
    </message>
    <message>
        <source>Stream ID</source>
        <translation>流 ID</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>读取时间</translation>
    </message>
    <message>
        <source>The rooms' streams</source>
        <translation>各房间的流</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>listing room %1…</source>
        <translation>正在列出房间 %1 的流…</translation>
    </message>
    <message>
        <source>room %1 was not listed: no ServerSecret for “%2”. %3</source>
        <translation>房间 %1 未能列出：“%2”没有 ServerSecret。%3</translation>
    </message>
    <message>
        <source>waiting %1 s to list room %2 again (ZEGO lists a room at most once in %3 s)</source>
        <translation>等待 %1 秒后再次列出房间 %2（ZEGO 每 %3 秒最多列出同一房间一次）</translation>
    </message>
    <message>
        <source>room %1 was not listed: %2. Nothing was added; press Enter to try again.</source>
        <translation>房间 %1 未能列出：%2。未添加任何流；按 Enter 重试。</translation>
    </message>
    <message>
        <source>listed %1 s ago (ZEGO lists a room at most once in %2 s)</source>
        <translation>%1 秒前已列出（ZEGO 每 %2 秒最多列出同一房间一次）</translation>
    </message>
    <message>
        <source>read at %1</source>
        <translation>读取于 %1</translation>
    </message>
    <message>
        <source>no streams published in room %1 now; %2</source>
        <translation>房间 %1 当前没有正在推送的流；%2</translation>
    </message>
    <message numerus="yes">
        <source>room %1: %n stream(s), %2</source>
        <translation><numerusform>房间 %1：%n 条流，%2</numerusform></translation>
    </message>
    <message>
        <source>not said</source>
        <translation>未提供</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Add %n stream(s)</source>
        <translation><numerusform>添加 %n 条流(&amp;A)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n stream(s) checked</source>
        <translation><numerusform>已勾选 %1 / %n 条流</numerusform></translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <source>Enter lists the room's streams as ZEGO has them now; type the next room and press Enter again. With the field empty, Enter adds the checked streams. Space checks or unchecks the selected rows, Ctrl+A checks all.</source>
        <translation>按 Enter 列出 ZEGO 当前记录的该房间的流；再输入下一个房间并按 Enter。输入框为空时，按 Enter 添加已勾选的流。空格键勾选或取消勾选所选行，Ctrl+A 全部勾选。</translation>
    </message>
</context>
<context>
    <name>cdnrec::Run</name>
    <message>
        <source>no stream IDs were given</source>
        <translation>未提供流 ID</translation>
    </message>
    <message>
        <source>no valid stream IDs to send</source>
        <translation>没有可发送的有效流 ID</translation>
    </message>
    <message>
        <source>This run is not recorded in the history (%1).</source>
        <translation>本次执行未记录到历史中（%1）。</translation>
    </message>
    <message>
        <source>This computer's clock is %1 s off the gateway's; cdnrec corrects the Timestamps. Set the clock right (NTP).</source>
        <translation>本机时钟与网关相差 %1 秒；cdnrec 已校正 Timestamp。请校准时钟（NTP）。</translation>
    </message>
    <message>
        <source>Could not connect to %1: no call reached it. Check the network and the endpoint.</source>
        <translation>无法连接 %1：没有请求到达。请检查网络和接入地址。</translation>
    </message>
    <message>
        <source>%1 received the calls but answered none of them: whether they stopped anything is unknown. Check the endpoint, or retry later.</source>
        <translation>%1 收到了请求，但一个都未应答：是否已停止录制未知。请检查接入地址，或稍后重试。</translation>
    </message>
    <message>
        <source>invalid stream ID: %1</source>
        <translation>无效的流 ID：%1</translation>
    </message>
    <message>
        <source>the history cannot record this run (%1)</source>
        <translation>历史记录无法记录本次运行（%1）</translation>
    </message>
    <message>
        <source>%1 received the calls but answered none of them: whether they started anything is unknown. Check the endpoint, or retry later.</source>
        <translation>%1 收到了请求，但一个都未应答：是否已开始录制未知。请检查接入地址，或稍后重试。</translation>
    </message>
    <message>
        <source>the team history cannot record this run (%1)</source>
        <translation>团队历史无法记录本次运行（%1）</translation>
    </message>
    <message>
        <source>This run is not recorded in the team history (%1).</source>
        <translation>本次运行未记录到团队历史中（%1）。</translation>
    </message>
    <message>
        <source>team mode is still starting (the team password is being read from the keyring): nothing was sent; try again in a moment</source>
        <translation>团队模式仍在启动（正在从密钥环读取团队密码）：未发送任何请求，请稍后重试</translation>
    </message>
</context>
<context>
    <name>cdnrec::RunPlanner</name>
    <message>
        <source>%1 (with --endpoint/--app-id: %2)</source>
        <translation>%1（带 --endpoint/--app-id：%2）</translation>
    </message>
    <message>
        <source>given earlier in the same run</source>
        <translation>本次运行中已在前面给出</translation>
    </message>
    <message>
        <source>the profile “%1” now signs in with AppId %2 at %3, not with AppId %4 at %5 where run %6 stopped the streams</source>
        <translation>配置“%1”现在以 AppId %2 在 %3 签名，而运行 %6 停止这些流时用的是 AppId %4、%5</translation>
    </message>
    <message>
        <source>run %1 was a start, not a stop: there is nothing to undo</source>
        <translation>运行 %1 是一次开始，不是停止：没有可撤销的操作</translation>
    </message>
    <message>
        <source>run %1 stopped no stream: there is nothing to undo</source>
        <translation>运行 %1 没有停止任何流：没有可撤销的操作</translation>
    </message>
    <message>
        <source>run %1 was made with “%2”, which is not a saved profile here</source>
        <translation>运行 %1 使用的是“%2”，它不是此处已保存的配置</translation>
    </message>
    <message>
        <source>run %1 stopped the streams with AppId %2 at %3; the AppId and endpoint given (AppId %4 at %5) would start recordings that were never stopped</source>
        <translation>运行 %1 是以 AppId %2 在 %3 停止这些流的；给出的 AppId 和接入地址（AppId %4，%5）会启动从未被停止的录制</translation>
    </message>
    <message>
        <source>run %1 has not ended and its streams changed less than %2 minutes ago: the stop is still running (here or in another cdnrec); undo it once it has ended</source>
        <translation>运行 %1 尚未结束，且其流在不到 %2 分钟前有变化：停止仍在进行（在此处或另一个 cdnrec 中）；请在它结束后再撤销</translation>
    </message>
    <message>
        <source>run %1 was undone already: run %2 restarted its streams at %3</source>
        <translation>运行 %1 已被撤销过：运行 %2 于 %3 重新录制了它的流</translation>
    </message>
</context>
<context>
    <name>cdnrec::SafeFile</name>
    <message>
        <source>only %1 of %2 bytes could be written (is the disk full?)</source>
        <translation>只写入了 %2 字节中的 %1 字节（磁盘是否已满？）</translation>
    </message>
</context>
<context>
    <name>cdnrec::SecretStore</name>
    <message>
        <source>No ServerSecret is saved in the keyring for profile “%1” (or the keyring is locked).</source>
        <translation>密钥环中没有保存配置“%1”的 ServerSecret（或密钥环已锁定）。</translation>
    </message>
    <message>
        <source>The keyring is locked or refused access. Unlock it (for example by logging in to the desktop) and try again.</source>
        <translation>密钥环已锁定或拒绝访问。请先解锁（例如登录桌面）后重试。</translation>
    </message>
    <message>
        <source>The keyring did not answer within %1 s. Is it running and unlocked?</source>
        <translation>密钥环在 %1 秒内没有响应。它是否在运行并已解锁？</translation>
    </message>
    <message>
        <source>No system keyring is available (is gnome-keyring or KWallet running?).</source>
        <translation>没有可用的系统密钥环（gnome-keyring 或 KWallet 是否在运行？）。</translation>
    </message>
    <message>
        <source>The keyring did not answer in time. Is it running and unlocked?</source>
        <translation>密钥环未及时响应。它是否在运行并已解锁？</translation>
    </message>
    <message>
        <source>Checking the keyring for the ServerSecret of “%1”…</source>
        <translation>正在密钥环中查找“%1”的 ServerSecret…</translation>
    </message>
    <message>
        <source>No system keyring is available (is gnome-keyring or KWallet running?): the secret is kept for this session only.</source>
        <translation>没有可用的系统密钥环（gnome-keyring 或 KWallet 是否在运行？）：密钥仅在本次会话中保留。</translation>
    </message>
    <message>
        <source>The ServerSecret of “%1” is kept for this session only (in memory, never written to disk).</source>
        <translation>“%1”的 ServerSecret 仅在本次会话中保留（只在内存中，从不写入磁盘）。</translation>
    </message>
    <message>
        <source>No system keyring is available (is gnome-keyring or KWallet running?): no ServerSecret is kept for “%1”; type it to use it for this session only.</source>
        <translation>没有可用的系统密钥环（gnome-keyring 或 KWallet 是否在运行？）：没有为“%1”保存 ServerSecret；输入后可仅在本次会话中使用。</translation>
    </message>
    <message>
        <source>checking the keyring…</source>
        <translation>正在查询密钥环…</translation>
    </message>
    <message>
        <source>kept for this session only; type to replace</source>
        <translation>仅在本次会话中保留；输入新值可替换</translation>
    </message>
    <message>
        <source>no keyring: not saved; type it</source>
        <translation>没有密钥环：未保存；请输入</translation>
    </message>
    <message>
        <source>not saved; type it</source>
        <translation>未保存；请输入</translation>
    </message>
    <message>
        <source>The ServerSecret of “%1” could not be read.</source>
        <translation>无法读取“%1”的 ServerSecret。</translation>
    </message>
    <message>
        <source>Type it to use it for this session only (kept in memory, never written to disk).</source>
        <translation>请输入，仅在本次会话中使用（只在内存中保留，从不写入磁盘）。</translation>
    </message>
    <message>
        <source>The ServerSecret of “%1” is saved in %2.</source>
        <translation>“%1”的 ServerSecret 保存在%2中。</translation>
    </message>
    <message>
        <source>in %1; type to replace</source>
        <translation>已保存在%1中；输入新值可替换</translation>
    </message>
    <message>
        <source>the system keyring (service “%1”)</source>
        <translation>系统密钥环（服务名“%1”）</translation>
    </message>
    <message>
        <source>ServerSecrets are saved in %1, never in a file.</source>
        <translation>ServerSecret 保存在%1中，从不写入文件。</translation>
    </message>
</context>
<context>
    <name>cdnrec::StreamIds</name>
    <message>
        <source>duplicate of line %1</source>
        <translation>与第 %1 行重复</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>contains whitespace (%1)</source>
        <translation>包含空白字符（%1）</translation>
    </message>
    <message>
        <source>contains an invisible or control character (%1)</source>
        <translation>包含不可见字符或控制字符（%1）</translation>
    </message>
    <message>
        <source>longer than %1 bytes (%2)</source>
        <translation>超过 %1 字节（%2）</translation>
    </message>
    <message>
        <source>has characters outside ZEGO's rule (letters, digits, - and _): %1</source>
        <translation>包含 ZEGO 规则（字母、数字、- 和 _）以外的字符：%1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a text file (it contains binary data)</source>
        <translation>%1 不是文本文件（包含二进制数据）</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text; save it as UTF-8 and import it again</source>
        <translation>%1 不是 UTF-8 文本；请另存为 UTF-8 后重新导入</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB; at most %2 MB can be imported</source>
        <translation>%1 大于 %2 MB；最多可导入 %2 MB</translation>
    </message>
    <message>
        <source>%1 is not a file (a device or a folder); give a text or CSV file</source>
        <translation>%1 不是文件（而是设备或文件夹）；请提供文本或 CSV 文件</translation>
    </message>
    <message>
        <source>Nothing arrived from %1 within %2 s</source>
        <translation>%2 秒内未从 %1 收到任何内容</translation>
    </message>
</context>
<context>
    <name>cdnrec::StreamListReply</name>
    <message>
        <source>%1.%2 is %3, not read</source>
        <translation>%1.%2 是%3，未读取</translation>
    </message>
    <message>
        <source>%1 is %2, expected an object</source>
        <translation>%1 是 %2，应为对象</translation>
    </message>
    <message>
        <source>%1.StreamId is empty</source>
        <translation>%1.StreamId 为空</translation>
    </message>
    <message>
        <source>%1.StreamId is %2, expected a string</source>
        <translation>%1.StreamId 是%2，应为字符串</translation>
    </message>
    <message>
        <source>Data is %1, expected an object</source>
        <translation>Data 是%1，应为对象</translation>
    </message>
    <message>
        <source>Data.StreamList is %1, expected an array</source>
        <translation>Data.StreamList 是%1，应为数组</translation>
    </message>
    <message>
        <source>stream %1 is listed twice</source>
        <translation>流 %1 被列出了两次</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation>没有 HTTP 状态码</translation>
    </message>
    <message>
        <source>the answer is too large (%1 bytes, at most %2 are read)</source>
        <translation>响应过大（%1 字节，最多读取 %2 字节）</translation>
    </message>
    <message>
        <source>the answer is empty (%1)</source>
        <translation>响应为空（%1）</translation>
    </message>
    <message>
        <source>the answer is not valid JSON (%1 at byte %2); it begins: %3</source>
        <translation>响应不是有效的 JSON（第 %2 字节处%1）；开头为：%3</translation>
    </message>
    <message>
        <source>the answer is not a JSON object</source>
        <translation>应答不是 JSON 对象</translation>
    </message>
    <message>
        <source>Code is %1, expected a whole number</source>
        <translation>Code 是%1，应为整数</translation>
    </message>
    <message>
        <source>ZEGO could not get the room's stream list (code 154). Retried; if it persists, contact ZEGO support.</source>
        <translation>ZEGO 未能获取该房间的流列表（错误码 154）。已重试；若持续出现，请联系 ZEGO 技术支持。</translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) listed</source>
        <translation><numerusform>列出了 %n 条流</numerusform></translation>
    </message>
    <message>
        <source>the answer gives the key “%1” twice in one object: it is ambiguous, so none of it is taken as a list</source>
        <translation>应答在同一对象中两次给出键“%1”：含义不明，因此其中任何内容都不作为列表</translation>
    </message>
</context>
<context>
    <name>cdnrec::StreamListRequest</name>
    <message>
        <source>the room ID is empty</source>
        <translation>房间 ID 为空</translation>
    </message>
    <message>
        <source>the room ID is only spaces</source>
        <translation>房间 ID 只有空格</translation>
    </message>
    <message>
        <source>the room ID contains a control character (U+%1)</source>
        <translation>房间 ID 含有控制字符（U+%1）</translation>
    </message>
    <message>
        <source>the room ID is longer than %1 bytes</source>
        <translation>房间 ID 超过 %1 字节</translation>
    </message>
</context>
<context>
    <name>cdnrec::StreamStatus</name>
    <message>
        <source>Pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>录制中</translation>
    </message>
</context>
<context>
    <name>cdnrec::StreamTableModel</name>
    <message>
        <source>Invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Stream ID</source>
        <translation>流 ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>返回码</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Vendor request ID</source>
        <translation>厂商请求 ID</translation>
    </message>
    <message>
        <source>ZEGO request ID</source>
        <translation>ZEGO 请求 ID</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Recording until %1</source>
        <translation>录制至 %1</translation>
    </message>
    <message>
        <source>Added during the run</source>
        <translation>运行期间添加</translation>
    </message>
    <message>
        <source>Ready, outside ZEGO's ID rule</source>
        <translation>就绪，不符合 ZEGO 的 ID 规则</translation>
    </message>
    <message>
        <source>Already recording</source>
        <translation>已在录制</translation>
    </message>
    <message>
        <source>Restart failed</source>
        <translation>重新录制失败</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房间</translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamBudget</name>
    <message>
        <source>The team database did not answer in time: AppId %1 is paced at a safe local share of %2 calls/s until it answers again.</source>
        <translation>团队数据库未及时响应：AppId %1 暂按本机安全份额 %2 次/秒发送，直到数据库恢复响应。</translation>
    </message>
    <message>
        <source>The team budget for AppId %1 is not a usable rate: this job gets no calls and waits until an admin sets one (cdnrec team budget %1 RATE).</source>
        <translation>AppId %1 的团队预算不是有效的速率：此任务得不到调用配额，将一直等待，直到管理员设置预算（cdnrec team budget %1 RATE）。</translation>
    </message>
    <message>
        <source>The team budget for AppId %1 (%2 calls/s) gives this job no calls: %3 other jobs hold or share it. This job waits until they end or an admin raises the budget; cdnrec team budget lists them.</source>
        <translation>AppId %1 的团队预算（%2 次/秒）没有分给此任务任何调用：另有 %3 个任务占用或分享了它。此任务将等待，直到它们结束或管理员提高预算；cdnrec team budget 可列出这些任务。</translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamCatalog</name>
    <message>
        <source>its fields are not readable</source>
        <translation>其字段无法读取</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>接入地址</translation>
    </message>
    <message>
        <source>region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>The %1 of “%2” holds what looks like a ServerSecret (32 hexadecimal characters); remove it before publishing: secrets stay in each operator's keyring.</source>
        <translation>“%2”的%1中含有疑似 ServerSecret 的内容（32 个十六进制字符）；请在发布前删除：密钥只保存在每位操作员自己的密钥环中。</translation>
    </message>
    <message>
        <source>“%1” cannot be published: %2</source>
        <translation>无法发布“%1”：%2</translation>
    </message>
    <message>
        <source>“%1” published to the team as version %2.</source>
        <translation>已将“%1”发布到团队，版本 %2。</translation>
    </message>
    <message>
        <source>The team has “%1” with these fields already (version %2): nothing to publish.</source>
        <translation>团队中的“%1”已是这些字段（版本 %2）：无需发布。</translation>
    </message>
    <message>
        <source>The team has a profile named “%1” already (version %2, by %3): nothing was published. Take the team's copy, or replace it on purpose.</source>
        <translation>团队中已有名为“%1”的配置（版本 %2，由 %3 发布）：未发布任何内容。请采用团队的版本，或有意替换它。</translation>
    </message>
    <message>
        <source>“%1” was changed in the team since your version %2 (now version %3, by %4): nothing was published. Take the team's copy first, or replace it on purpose.</source>
        <translation>自您的版本 %2 之后，“%1”已在团队中被修改（现为版本 %3，由 %4 修改）：未发布任何内容。请先采用团队的版本，或有意替换它。</translation>
    </message>
    <message>
        <source>%1: a local profile named %2 is in the way; rename it to take the team's</source>
        <translation>%1：本机名为 %2 的配置与之冲突；将其改名后才能采用团队的配置</translation>
    </message>
    <message>
        <source>%1: a local profile of that name is not the team's; it was kept, the team's was not taken</source>
        <translation>%1：本机同名配置不是团队的配置；已保留本机配置，未采用团队的配置</translation>
    </message>
    <message>
        <source>%1: changed here since team version %2 and in the team since (version %3); kept as it is here: publish it, or take the team's copy over it</source>
        <translation>%1：自团队版本 %2 之后在本机和团队中（版本 %3）都有修改；已保留本机的内容：请发布它，或用团队的版本覆盖它</translation>
    </message>
    <message>
        <source>Team profiles not checked: %1</source>
        <translation>未检查团队配置：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) added</source>
        <translation><numerusform>已添加 %n 个团队配置</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) updated</source>
        <translation><numerusform>已更新 %n 个团队配置</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) not taken because of a profile here of the same name</source>
        <translation><numerusform>%n 个团队配置因本机有同名配置而未采用</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) skipped as not valid here</source>
        <translation><numerusform>%n 个团队配置在本机无效，已跳过</numerusform></translation>
    </message>
    <message>
        <source>Team profiles are up to date.</source>
        <translation>团队配置已是最新。</translation>
    </message>
    <message>
        <source>the team database's password cannot be read from the keyring: %1</source>
        <translation>无法从密钥环读取团队数据库的密码：%1</translation>
    </message>
    <message>
        <source>“%1” was retired in the team and is restored, as version %2.</source>
        <translation>“%1”曾在团队中停用，现已恢复，版本 %2。</translation>
    </message>
    <message>
        <source>“%1” is retired in the team as version %2: unchanged copies leave each operator's profiles at their next pull, and publishing it again restores it.</source>
        <translation>已在团队中停用“%1”，版本 %2：各操作员本机未修改的副本将在下次获取团队配置时移除；再次发布即可恢复。</translation>
    </message>
    <message>
        <source>“%1” is retired in the team already (version %2, by %3): nothing was changed.</source>
        <translation>“%1”已在团队中停用（版本 %2，由 %3 停用）：未做任何更改。</translation>
    </message>
    <message>
        <source>The team has no profile named “%1”: nothing was retired.</source>
        <translation>团队中没有名为“%1”的配置：未停用任何配置。</translation>
    </message>
    <message>
        <source>%1: retired by the team, changed here: kept</source>
        <translation>%1：已被团队停用，但在本机有修改：已保留</translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) retired</source>
        <translation><numerusform>已停用 %n 个团队配置</numerusform></translation>
    </message>
    <message>
        <source>%1: larger than the team's limit of %2 KB; not taken</source>
        <translation>%1：超过团队上限 %2 KB；未采用</translation>
    </message>
    <message>
        <source>Only a team admin may change where “%1” signs (its AppId, region, endpoint, test environment or environment): nothing was published.</source>
        <translation>只有团队管理员才能更改“%1”的签名去向（AppId、地区、接入地址、测试环境或环境）：未发布任何内容。</translation>
    </message>
    <message>
        <source>The endpoint of “%1” is neither one of ZEGO's hosts nor on the team's allow-list: nothing was published. A team admin allows it with cdnrec team profile allow-endpoint ORIGIN.</source>
        <translation>“%1”的接入地址既不是 ZEGO 的主机，也不在团队的允许列表中：未发布任何内容。团队管理员可用 cdnrec team profile allow-endpoint ORIGIN 允许它。</translation>
    </message>
    <message>
        <source>%1 (allowed by %2 at %3)</source>
        <translation>%1（由 %2 于 %3 允许）</translation>
    </message>
    <message>
        <source>%1: %2 → %3 (version %4, by %5 at %6)</source>
        <translation>%1：%2 → %3（版本 %4，由 %5 于 %6 更改）</translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) held back: where they sign changed, not taken until you accept it</source>
        <translation><numerusform>%n 个团队配置已暂缓：其签名去向已更改，您确认后才会采用</numerusform></translation>
    </message>
    <message>
        <source>AppId %1</source>
        <translation>AppId %1</translation>
    </message>
    <message>
        <source>endpoint %1</source>
        <translation>接入地址 %1</translation>
    </message>
    <message>
        <source>region %1</source>
        <translation>地区 %1</translation>
    </message>
    <message>
        <source>test environment (IsTest)</source>
        <translation>测试环境（IsTest）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamConfig</name>
    <message>
        <source>The team database's host is missing.</source>
        <translation>缺少团队数据库的主机。</translation>
    </message>
    <message>
        <source>The team database's user is missing.</source>
        <translation>缺少团队数据库的用户。</translation>
    </message>
    <message>
        <source>The team database's name is missing.</source>
        <translation>缺少团队数据库的名称。</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>端口必须在 1 到 65535 之间。</translation>
    </message>
    <message>
        <source>The TLS mode must be one of: %1.</source>
        <translation>TLS 模式必须是以下之一：%1。</translation>
    </message>
    <message>
        <source>The CA certificate's path must not contain ';'.</source>
        <translation>CA 证书的路径不能包含“;”。</translation>
    </message>
    <message>
        <source>The CA certificate %1 is not a certificate file (a folder, a device, a pipe, or larger than 1 MB).</source>
        <translation>CA 证书 %1 不是证书文件（而是文件夹、设备、管道，或大于 1 MB）。</translation>
    </message>
    <message>
        <source>In TLS mode %1 nothing checks that the server at %2 is the team's: anyone who can pose as it on the network (or a fake server) can ask for the password in clear and keep it.</source>
        <translation>在 TLS 模式 %1 下，没有任何检查能确认 %2 上的服务器是团队的服务器：任何能在网络上冒充它的人（或假冒的服务器）都可以索取明文密码并留存。</translation>
    </message>
    <message>
        <source>The team password is sent only to a server whose TLS certificate is verified (TLS mode verify-full or verify-ca, with the team's CA certificate). %1 To accept that risk all the same: --insecure-tls (Preferences ▸ Team: "Send the password to an unverified server").</source>
        <translation>团队密码只发送给 TLS 证书已验证的服务器（TLS 模式 verify-full 或 verify-ca，并提供团队的 CA 证书）。%1 如仍要承担此风险：使用 --insecure-tls（首选项 ▸ 团队：“将密码发送给未验证的服务器”）。</translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamDatabase</name>
    <message>
        <source>The PostgreSQL driver for Qt is not installed (Debian package libqt6sql6-psql): team mode cannot work without it.</source>
        <translation>未安装 Qt 的 PostgreSQL 驱动（Debian 软件包 libqt6sql6-psql）：没有它团队模式无法工作。</translation>
    </message>
    <message>
        <source>The team database refused user %1: the password is wrong.</source>
        <translation>团队数据库拒绝了用户 %1：密码错误。</translation>
    </message>
    <message>
        <source>The team database needs a password for user %1.</source>
        <translation>团队数据库需要用户 %1 的密码。</translation>
    </message>
    <message>
        <source>The team database has no user %1: ask your admin to add it (cdnrec team add-user).</source>
        <translation>团队数据库中没有用户 %1：请管理员添加（cdnrec team add-user）。</translation>
    </message>
    <message>
        <source>The team database's TLS certificate is not issued for %1: connect with the name in the certificate, or ask your admin.</source>
        <translation>团队数据库的 TLS 证书不是为 %1 签发的：请使用证书中的名称连接，或询问管理员。</translation>
    </message>
    <message>
        <source>The CA certificate file %1 cannot be read: give the team's CA certificate (--sslrootcert).</source>
        <translation>无法读取 CA 证书文件 %1：请提供团队的 CA 证书（--sslrootcert）。</translation>
    </message>
    <message>
        <source>No CA certificate is given to check the team database's TLS certificate: give the team's CA certificate (--sslrootcert).</source>
        <translation>没有用于校验团队数据库 TLS 证书的 CA 证书：请提供团队的 CA 证书（--sslrootcert）。</translation>
    </message>
    <message>
        <source>The team database's TLS certificate is not signed by the CA this connection trusts: give the team's CA certificate (--sslrootcert), or ask your admin.</source>
        <translation>团队数据库的 TLS 证书不是由此连接信任的 CA 签发的：请提供团队的 CA 证书（--sslrootcert），或询问管理员。</translation>
    </message>
    <message>
        <source>The team database does not accept user %1 from this machine (pg_hba.conf): ask your admin.</source>
        <translation>团队数据库不接受用户 %1 从本机连接（pg_hba.conf）：请询问管理员。</translation>
    </message>
    <message>
        <source>The database %1 does not exist at %2: ask your admin to run cdnrec team init.</source>
        <translation>%2 上不存在数据库 %1：请管理员运行 cdnrec team init。</translation>
    </message>
    <message>
        <source>The team database does not exist: ask your admin to run cdnrec team init.</source>
        <translation>团队数据库不存在：请管理员运行 cdnrec team init。</translation>
    </message>
    <message>
        <source>The team database is not set up (or not fully): ask your admin to run cdnrec team init.</source>
        <translation>团队数据库尚未（完整）设置：请管理员运行 cdnrec team init。</translation>
    </message>
    <message>
        <source>The team history is append-only: nothing in it can be changed or deleted.</source>
        <translation>团队历史只能追加：其中任何内容都不能修改或删除。</translation>
    </message>
    <message>
        <source>User %1 may not do this in the team database: ask your admin.</source>
        <translation>用户 %1 无权在团队数据库中执行此操作：请询问管理员。</translation>
    </message>
    <message>
        <source>This user may not do this in the team database: ask your admin.</source>
        <translation>此用户无权在团队数据库中执行此操作：请询问管理员。</translation>
    </message>
    <message>
        <source>Nothing answers at %1 (connection refused): is the database server running, and is the port right?</source>
        <translation>%1 没有响应（连接被拒绝）：数据库服务器是否在运行，端口是否正确？</translation>
    </message>
    <message>
        <source>The host name %1 is unknown: check it.</source>
        <translation>主机名 %1 无法识别：请检查。</translation>
    </message>
    <message>
        <source>The team database at %1 did not answer within %2 s: check the host, the network and the firewall.</source>
        <translation>%1 上的团队数据库在 %2 秒内没有响应：请检查主机、网络和防火墙。</translation>
    </message>
    <message>
        <source>The connection to the team database timed out: check the network.</source>
        <translation>与团队数据库的连接超时：请检查网络。</translation>
    </message>
    <message>
        <source>The team database did not answer in time.</source>
        <translation>团队数据库没有及时响应。</translation>
    </message>
    <message>
        <source>The team database is starting up or shutting down: try again in a moment.</source>
        <translation>团队数据库正在启动或关闭：请稍后再试。</translation>
    </message>
    <message>
        <source>The connection to the team database at %1 failed: the server may be down or restarting, or the network failed.</source>
        <translation>与 %1 上团队数据库的连接失败：服务器可能已停止或正在重启，或网络出现故障。</translation>
    </message>
    <message>
        <source>The connection to the team database was lost: the server may be down or restarting, or the network failed.</source>
        <translation>与团队数据库的连接已断开：服务器可能已停止或正在重启，或网络出现故障。</translation>
    </message>
    <message>
        <source>The team database reported: %1</source>
        <translation>团队数据库报告：%1</translation>
    </message>
    <message>
        <source>User %1 may not read the team database: ask your admin to add it to the operators or the auditors (cdnrec team add-user).</source>
        <translation>用户 %1 无权读取团队数据库：请管理员将其加入操作员或审计员（cdnrec team add-user）。</translation>
    </message>
    <message>
        <source>The team database %1 is not set up yet: ask your admin to run cdnrec team init.</source>
        <translation>团队数据库 %1 尚未设置：请管理员运行 cdnrec team init。</translation>
    </message>
    <message>
        <source>The team database was set up by a newer cdnrec (schema version %1; this one knows up to %2): update cdnrec. Nothing is written to it meanwhile.</source>
        <translation>团队数据库由更新版本的 cdnrec 设置（架构版本 %1；本版本最高支持 %2）：请更新 cdnrec。在此之前不会向其写入任何内容。</translation>
    </message>
    <message>
        <source>The team database has schema version %1 and this cdnrec needs %2: ask your admin to run cdnrec team init.</source>
        <translation>团队数据库的架构版本为 %1，而此 cdnrec 需要 %2：请管理员运行 cdnrec team init。</translation>
    </message>
    <message>
        <source>Not connected to the team database.</source>
        <translation>未连接到团队数据库。</translation>
    </message>
    <message>
        <source>The migration %1 cannot be read.</source>
        <translation>无法读取迁移 %1。</translation>
    </message>
    <message>
        <source>The team database was set up by a newer cdnrec (schema version %1; this one knows up to %2): update cdnrec. Nothing was changed.</source>
        <translation>团队数据库由更新版本的 cdnrec 设置（架构版本 %1；本版本最高支持 %2）：请更新 cdnrec。未做任何更改。</translation>
    </message>
    <message>
        <source>Migration %1 failed:</source>
        <translation>迁移 %1 失败：</translation>
    </message>
    <message>
        <source>The team database does not offer TLS, but this connection requires it: ask your admin to enable TLS (ssl=on) and to give you the team's CA certificate.</source>
        <translation>团队数据库不提供 TLS，但此连接要求 TLS：请让管理员启用 TLS（ssl=on）并向您提供团队的 CA 证书。</translation>
    </message>
    <message>
        <source>The team database would not prove that it knows the password over this TLS connection (channel binding): the password was not sent. It may not be the team's server, or it does not use SCRAM passwords: ask your admin.</source>
        <translation>团队数据库不肯在此 TLS 连接上证明它知道密码（通道绑定）：密码未发送。它可能不是团队的服务器，或者未使用 SCRAM 密码：请询问管理员。</translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamJournal</name>
    <message>
        <source>the team history could not record the call (%1)</source>
        <translation>团队历史无法记录该调用（%1）</translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamPage</name>
    <message>
        <source>Verify the certificate and the server's name (recommended)</source>
        <translation>验证证书和服务器名称（推荐）</translation>
    </message>
    <message>
        <source>Verify the certificate only</source>
        <translation>仅验证证书</translation>
    </message>
    <message>
        <source>Encrypt, verify nothing</source>
        <translation>加密，但不验证</translation>
    </message>
    <message>
        <source>No TLS (a Unix socket or a trusted network only)</source>
        <translation>不使用 TLS（仅限 Unix 套接字或可信网络）</translation>
    </message>
    <message>
        <source>A support team shares one audit history, one pace per AppId and its profiles on a PostgreSQL database. Your admin sets it up once (cdnrec team init) and gives you a user.</source>
        <translation>支持团队在一个 PostgreSQL 数据库上共享审计历史、每个 AppId 的发送速率和配置。管理员只需设置一次（cdnrec team init），并为你创建一个用户。</translation>
    </message>
    <message>
        <source>db.example.com, or a socket folder</source>
        <translation>db.example.com，或套接字目录</translation>
    </message>
    <message>
        <source>~/.postgresql/root.crt</source>
        <translation>~/.postgresql/root.crt</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Team database host</source>
        <translation>团队数据库主机</translation>
    </message>
    <message>
        <source>Team database port</source>
        <translation>团队数据库端口</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>数据库(&amp;D)：</translation>
    </message>
    <message>
        <source>Team database name</source>
        <translation>团队数据库名称</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>Team database user</source>
        <translation>团队数据库用户</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>Team database password</source>
        <translation>团队数据库密码</translation>
    </message>
    <message>
        <source>TLS mode</source>
        <translation>TLS 模式</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <source>Test the team database and keep the connection</source>
        <translation>测试团队数据库并保存连接</translation>
    </message>
    <message>
        <source>Forget the team database and its password</source>
        <translation>忘记团队数据库及其密码</translation>
    </message>
    <message>
        <source>Team database state</source>
        <translation>团队数据库状态</translation>
    </message>
    <message>
        <source>The CA certificate of the team database</source>
        <translation>团队数据库的 CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem);;All files (*)</source>
        <translation>证书 (*.crt *.pem);;所有文件 (*)</translation>
    </message>
    <message>
        <source>kept in the keyring; type to change</source>
        <translation>已保存在密钥环中；输入以更改</translation>
    </message>
    <message>
        <source>Not connected: this computer keeps its history and pace to itself.</source>
        <translation>未连接：本机的历史记录和发送速率仅保存在本机。</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>已连接到 %1。</translation>
    </message>
    <message>
        <source>Give the host and the user.</source>
        <translation>请填写主机和用户。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>The connection works, but the password cannot be kept: %1</source>
        <translation>连接可用，但无法保存密码：%1</translation>
    </message>
    <message>
        <source>The change applies from the next start of cdnrec.</source>
        <translation>更改将在 cdnrec 下次启动时生效。</translation>
    </message>
    <message>
        <source>Team mode is on.</source>
        <translation>团队模式已开启。</translation>
    </message>
    <message>
        <source>Ho&amp;st:</source>
        <translation>主机(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>T&amp;LS:</source>
        <translation>TLS(&amp;L)：</translation>
    </message>
    <message>
        <source>C&amp;A certificate:</source>
        <translation>CA 证书(&amp;A)：</translation>
    </message>
    <message>
        <source>T&amp;est and connect</source>
        <translation>测试并连接(&amp;E)</translation>
    </message>
    <message>
        <source>Disco&amp;nnect</source>
        <translation>断开(&amp;N)</translation>
    </message>
    <message>
        <source>Send the password to an unve&amp;rified server (anyone posing as it can take the password)</source>
        <translation>将密码发送给未验证的服务器（任何冒充它的人都能拿到密码）(&amp;R)</translation>
    </message>
    <message>
        <source>Send the password to a server TLS does not verify</source>
        <translation>将密码发送给 TLS 未验证的服务器</translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamSession</name>
    <message>
        <source>Team database offline: %1</source>
        <translation>团队数据库离线：%1</translation>
    </message>
    <message numerus="yes">
        <source>Team database offline: %n event(s) will be sent when it is back. %1</source>
        <translation><numerusform>团队数据库离线：%n 个事件将在其恢复后发送。%1</numerusform></translation>
    </message>
    <message>
        <source>team user %1 is an auditor: auditors may read the team history but not start recordings (ask your admin for the operator role)</source>
        <translation>团队用户 %1 是审计员：审计员可以查看团队历史，但不能开始录制（请向管理员申请操作员角色）</translation>
    </message>
    <message>
        <source>team user %1 is an auditor: auditors may read the team history but not stop recordings (ask your admin for the operator role)</source>
        <translation>团队用户 %1 是审计员：审计员可以查看团队历史，但不能停止录制（请向管理员申请操作员角色）</translation>
    </message>
    <message>
        <source>team user %1 is not an operator of the team database, so it may not send anything in team mode (ask your admin: cdnrec team add-user)</source>
        <translation>团队用户 %1 不是团队数据库的操作员，因此在团队模式下不能发送任何请求（请询问管理员：cdnrec team add-user）</translation>
    </message>
    <message numerus="yes">
        <source>%n team event(s) wait that the team database will not accept: team user %1 may not add to the team history.</source>
        <translation><numerusform>%n 个团队事件正在等待，但团队数据库不会接受它们：团队用户 %1 无权向团队历史添加记录。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team event(s) wait in this computer's history that the team database will not accept (team user %1 may not add to the team history).</source>
        <translation><numerusform>本机历史中有 %n 个团队事件在等待，但团队数据库不会接受它们（团队用户 %1 无权向团队历史添加记录）。</numerusform></translation>
    </message>
    <message>
        <source>The team database did not answer within %1 s, and how many team events wait in this computer's history cannot be read; they are sent at the next cdnrec or console start.</source>
        <translation>团队数据库在 %1 秒内没有应答，且无法读取本机历史中等待的团队事件数量；它们将在下次启动 cdnrec 或控制台时发送。</translation>
    </message>
    <message numerus="yes">
        <source>The team database did not answer within %1 s: %n team event(s) wait in this computer's history; they are sent at the next cdnrec or console start.</source>
        <translation><numerusform>团队数据库在 %1 秒内没有应答：本机历史中有 %n 个团队事件在等待，将在下次启动 cdnrec 或控制台时发送。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team event(s) wait in this computer's history; they are sent at the next cdnrec or console start.</source>
        <translation><numerusform>本机历史中有 %n 个团队事件在等待，将在下次启动 cdnrec 或控制台时发送。</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamSync</name>
    <message>
        <source>The local history cannot mark events as sent (%1).</source>
        <translation>本地历史无法将事件标记为已发送（%1）。</translation>
    </message>
</context>
<context>
    <name>cdnrec::Vendor</name>
    <message>
        <source>Tencent Cloud</source>
        <translation>腾讯云</translation>
    </message>
    <message>
        <source>Wangsu</source>
        <translation>网宿</translation>
    </message>
    <message>
        <source>Huawei Cloud</source>
        <translation>华为云</translation>
    </message>
</context>
</TS>