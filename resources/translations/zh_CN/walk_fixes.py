# Simplified Chinese for walk_fixes (issue 21-23 session)
ZH = {
    'Nothing to stop: every stream was sent already; to stop some again, select them, press Stop and check “Also send again”': '没有可停止的流：每个流都已发送过；要再次停止其中一些，请选中它们，按“停止”并勾选“同时再次发送”',
    'No stream in the list waits to be stopped.': '列表中没有等待停止的流。',
    'Left out: %n selected stream(s) sent already. Check the box below to send again.': '未包含：%n 条选中的流已发送过。勾选下面的复选框即可再次发送。',
    'Also send again the %n selected stream(s) sent already (%1)': '同时再次发送已发送过的 %n 条选中的流（%1）',
    'Loaded %n stream(s) of run %1': '已载入运行 %1 的 %n 条流',
    'Restarting %n stream(s)…': '正在重新开始 %n 条流的录制…',
    'Stopping %n stream(s)…': '正在停止 %n 条流的录制…',
}
