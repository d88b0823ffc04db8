# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the History window reading on a worker, with caps (HistoryReader).
ZH = {
    'Reading the history…':
        '正在读取历史记录…',
    'Reading the run…':
        '正在读取本次运行…',
    'Showing the newest %1 of %2 runs (narrow the filters to see the others)':
        '显示 %2 次执行中最新的 %1 次（缩小筛选范围可查看其余）',
    'The history could not be read: %1':
        '无法读取历史记录：%1',
    'A large run: showing the first %1 of its %2 streams and the first %3 of its %4 calls. cdnrec history --run %5 --json gives all of it.':
        '大型运行：显示其 %2 个流中的前 %1 个，以及 %4 个调用中的前 %3 个。cdnrec history --run %5 --json 可给出全部内容。',
    'there is no history file at %1':
        '%1 处没有历史记录文件',
}
