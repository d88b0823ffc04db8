# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the team profile catalog's strings (app/core/team/teamcatalog.cpp,
# app/core/profilestore.cpp). Terms as in zh_CN.py: profile 配置, keyring
# 密钥环, endpoint 接入地址, region 地区.
ZH = {
    "The team's version of “%1” is not valid.": '团队中“%1”的版本无效。',
    'its fields are not readable': '其字段无法读取',
    'name': '名称',
    'notes': '备注',
    'endpoint': '接入地址',
    'region': '地区',
    "The %1 of “%2” holds what looks like a ServerSecret (32 hexadecimal characters); remove it before publishing: secrets stay in each operator's keyring.":
        '“%2”的%1中含有疑似 ServerSecret 的内容（32 个十六进制字符）；请在发布前删除：密钥只保存在每位操作员自己的密钥环中。',
    '“%1” cannot be published: %2': '无法发布“%1”：%2',
    '“%1” published to the team as version %2.': '已将“%1”发布到团队，版本 %2。',
    'The team has “%1” with these fields already (version %2): nothing to publish.':
        '团队中的“%1”已是这些字段（版本 %2）：无需发布。',
    "The team has a profile named “%1” already (version %2, by %3): nothing was published. Take the team's copy, or replace it on purpose.":
        '团队中已有名为“%1”的配置（版本 %2，由 %3 发布）：未发布任何内容。请采用团队的版本，或有意替换它。',
    "“%1” was changed in the team since your version %2 (now version %3, by %4): nothing was published. Take the team's copy first, or replace it on purpose.":
        '自您的版本 %2 之后，“%1”已在团队中被修改（现为版本 %3，由 %4 修改）：未发布任何内容。请先采用团队的版本，或有意替换它。',
    "%1: a local profile named %2 is in the way; rename it to take the team's":
        '%1：本机名为 %2 的配置与之冲突；将其改名后才能采用团队的配置',
    "%1: a local profile of that name is not the team's; it was kept, the team's was not taken":
        '%1：本机同名配置不是团队的配置；已保留本机配置，未采用团队的配置',
    "%1: changed here since team version %2 and in the team since (version %3); kept as it is here: publish it, or take the team's copy over it":
        '%1：自团队版本 %2 之后在本机和团队中（版本 %3）都有修改；已保留本机的内容：请发布它，或用团队的版本覆盖它',
    'Team profiles not checked: %1': '未检查团队配置：%1',
    "the team database's password cannot be read from the keyring: %1": '无法从密钥环读取团队数据库的密码：%1',
    '%n team profile(s) added': '已添加 %n 个团队配置',
    '%n team profile(s) updated': '已更新 %n 个团队配置',
    '%n team profile(s) not taken because of a profile here of the same name':
        '%n 个团队配置因本机有同名配置而未采用',
    '%n team profile(s) skipped as not valid here': '%n 个团队配置在本机无效，已跳过',
    'Team profiles are up to date.': '团队配置已是最新。',
    # retire (migration 004)
    '“%1” was retired in the team and is restored, as version %2.':
        '“%1”曾在团队中停用，现已恢复，版本 %2。',
    "“%1” is retired in the team as version %2: unchanged copies leave each operator's profiles at their next pull, and publishing it again restores it.":
        '已在团队中停用“%1”，版本 %2：各操作员本机未修改的副本将在下次获取团队配置时移除；再次发布即可恢复。',
    '“%1” is retired in the team already (version %2, by %3): nothing was changed.':
        '“%1”已在团队中停用（版本 %2，由 %3 停用）：未做任何更改。',
    'The team has no profile named “%1”: nothing was retired.': '团队中没有名为“%1”的配置：未停用任何配置。',
    '%1: retired by the team, changed here: kept': '%1：已被团队停用，但在本机有修改：已保留',
    '%n team profile(s) retired': '已停用 %n 个团队配置',
    # A name from a file or the team with control characters.
    'The name must not contain control characters or line breaks.': '名称不能包含控制字符或换行符。',
    # A field of the wrong type in a file or a team row.
    'the field “%1” has the wrong type': '字段“%1”的类型不对',
    'unknown environment “%1”': '未知的环境“%1”',
}
