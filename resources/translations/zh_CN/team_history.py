# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the tr() strings of the team history.
ZH = {
    # TeamJournal
    'the team history could not record the call (%1)': '团队历史无法记录该调用（%1）',
    # TeamSync
    'The local history cannot mark events as sent (%1).': '本地历史无法将事件标记为已发送（%1）。',
    # TeamSession
    'Team database offline: %1': '团队数据库离线：%1',
    'Team database offline: %n event(s) will be sent when it is back. %1':
        '团队数据库离线：%n 个事件将在其恢复后发送。%1',
    # Run
    'the team history cannot record this run (%1)': '团队历史无法记录本次运行（%1）',
    'This run is not recorded in the team history (%1).': '本次运行未记录到团队历史中（%1）。',
}
