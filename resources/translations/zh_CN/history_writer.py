# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the history's writer thread (History: its writes off the GUI thread).
ZH = {
    'the history is closed':
        '历史记录已关闭',
    'the history closed before it was written':
        '历史记录在写入前已关闭',
}
