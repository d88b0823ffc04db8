# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the planner (RunPlanner: a run, an undo, a dry run) and the one rule
# of a rate (Rate), as the console and the command line say them.
ZH = {
    '%1 must be a number from %2 to %3 calls per second (ZEGO allows 20 per AppId)':
        '%1 必须是 %2 到 %3 之间的数（每秒调用次数；ZEGO 每个 AppId 允许每秒 20 次）',
    'the call rate':
        '调用频率',
    'given earlier in the same run':
        '本次运行中已在前面给出',
    '%1 (with --endpoint/--app-id: %2)':
        '%1（带 --endpoint/--app-id：%2）',
    'the profile “%1” now signs in with AppId %2 at %3, not with AppId %4 at %5 where run %6 stopped the streams':
        '配置“%1”现在以 AppId %2 在 %3 签名，而运行 %6 停止这些流时用的是 AppId %4、%5',
    'run %1 was a start, not a stop: there is nothing to undo':
        '运行 %1 是一次开始，不是停止：没有可撤销的操作',
    'run %1 stopped no stream: there is nothing to undo':
        '运行 %1 没有停止任何流：没有可撤销的操作',
    'run %1 was made with “%2”, which is not a saved profile here':
        '运行 %1 使用的是“%2”，它不是此处已保存的配置',
    'Run %1 is not restarted: %2. A restart goes only where the stop went: restart it from the command line (cdnrec undo %1 --secret-file PATH).':
        '运行 %1 未重新开始：%2。重新开始只发往停止时的去处：请用命令行重新开始（cdnrec undo %1 --secret-file 路径）。',
    'The call rate':
        '调用频率',
}
