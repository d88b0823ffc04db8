# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the history's strings: History, HistoryDialog, HistoryStatus.
ZH = {
    # cdnrec::HistoryStatus
    'Not sent': '未发送',
    'Sent, no answer recorded': '已发送，未记录应答',
    # cdnrec::History
    '(not recorded)': '（未记录）',
    'The history at %1 can only be read (%2). Stops are not recorded.': '历史记录 %1 只能读取（%2）。停止操作不会被记录。',
    'The history at %1 is damaged: %2': '历史记录 %1 已损坏：%2',
    'The history cannot be read at %1: %2': '无法读取历史记录 %1：%2',
    'The history file %1 is damaged and could not be moved aside. Stops are not recorded.': '历史记录文件 %1 已损坏，且无法移到一旁。停止操作不会被记录。',
    'The history file was damaged and moved to %1, but a new one cannot be started: %2. Stops are not recorded.': '历史记录文件已损坏并已移至 %1，但无法新建历史记录：%2。停止操作不会被记录。',
    'The history file was damaged; it was moved to %1 and a new one was started.': '历史记录文件已损坏；已将其移至 %1，并新建了一个历史记录。',
    'file is not a database': '文件不是数据库',
    'no run was begun': '尚未开始任何运行',
    'not a file': '不是文件',
    'the history can only be read': '历史记录只能读取',
    'there is no history file at %1': '%1 处没有历史记录文件',
    'there is no history file yet': '还没有历史记录文件',
    # cdnrec::HistoryDialog
    ', %1 not sent, %2 sent with no answer recorded: interrupted, the run never finished': '，%1 个未发送，%2 个已发送但未记录应答：已中断，本次运行未完成',
    'Close the history': '关闭历史记录',
    'Export the selected run as CSV': '将所选运行导出为 CSV',
    'Load all streams of the selected run into the console': '将所选运行的全部流载入主窗口',
    "Load the selected run's failed and unknown streams into the console": '将所选运行中失败和未知的流载入主窗口',
    'What the history shows': '历史记录显示的内容',
    'C&heck the file': '检查文件(&H)',
    'Check the whole history file for damage': '检查整个历史记录文件是否损坏',
    'Reads every page of the history file; on a large file this takes a while.': '读取历史记录文件的每一页；文件较大时需要一些时间。',
    'Checking %1 for damage…': '正在检查 %1 是否损坏…',
    'The history file has no damage.': '历史记录文件没有损坏。',
    'The history file is damaged: %1': '历史记录文件已损坏：%1',
}
