# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for issue 20 (team mode an insider cannot subvert): the catalog's
# refusals and held-back changes, the team history's counts, the TLS and role sentences.
# Terms as in zh_CN.py: profile 配置, endpoint 接入地址, region 地区, team admin 团队管理员.
ZH = {
    "In TLS mode %1 nothing checks that the server at %2 is the team's: anyone who can pose as it on the network (or a fake server) can ask for the password in clear and keep it.":
        '在 TLS 模式 %1 下，没有任何检查能确认 %2 上的服务器是团队的服务器：任何能在网络上冒充它的人（或假冒的服务器）都可以索取明文密码并留存。',
    'The team password is sent only to a server whose TLS certificate is verified (TLS mode verify-full or verify-ca, with the team\'s CA certificate). %1 To accept that risk all the same: --insecure-tls (Preferences ▸ Team: "Send the password to an unverified server").':
        '团队密码只发送给 TLS 证书已验证的服务器（TLS 模式 verify-full 或 verify-ca，并提供团队的 CA 证书）。%1 如仍要承担此风险：使用 --insecure-tls（首选项 ▸ 团队：“将密码发送给未验证的服务器”）。',
    "The team database does not offer TLS, but this connection requires it: ask your admin to enable TLS (ssl=on) and to give you the team's CA certificate.":
        '团队数据库不提供 TLS，但此连接要求 TLS：请让管理员启用 TLS（ssl=on）并向您提供团队的 CA 证书。',
    "The team database would not prove that it knows the password over this TLS connection (channel binding): the password was not sent. It may not be the team's server, or it does not use SCRAM passwords: ask your admin.":
        '团队数据库不肯在此 TLS 连接上证明它知道密码（通道绑定）：密码未发送。它可能不是团队的服务器，或者未使用 SCRAM 密码：请询问管理员。',
    'Send the password to an unve&rified server (anyone posing as it can take the password)':
        '将密码发送给未验证的服务器（任何冒充它的人都能拿到密码）(&R)',
    'Send the password to a server TLS does not verify':
        '将密码发送给 TLS 未验证的服务器',
    'team user %1 is an auditor: auditors may read the team history but not start recordings (ask your admin for the operator role)':
        '团队用户 %1 是审计员：审计员可以查看团队历史，但不能开始录制（请向管理员申请操作员角色）',
    'team user %1 is an auditor: auditors may read the team history but not stop recordings (ask your admin for the operator role)':
        '团队用户 %1 是审计员：审计员可以查看团队历史，但不能停止录制（请向管理员申请操作员角色）',
    'team user %1 is not an operator of the team database, so it may not send anything in team mode (ask your admin: cdnrec team add-user)':
        '团队用户 %1 不是团队数据库的操作员，因此在团队模式下不能发送任何请求（请询问管理员：cdnrec team add-user）',
    '%n team event(s) wait that the team database will not accept: team user %1 may not add to the team history.':
        '%n 个团队事件正在等待，但团队数据库不会接受它们：团队用户 %1 无权向团队历史添加记录。',
    "%n team event(s) wait in this computer's history that the team database will not accept (team user %1 may not add to the team history).":
        '本机历史中有 %n 个团队事件在等待，但团队数据库不会接受它们（团队用户 %1 无权向团队历史添加记录）。',
    "The team database did not answer within %1 s, and how many team events wait in this computer's history cannot be read; they are sent at the next cdnrec or console start.":
        '团队数据库在 %1 秒内没有应答，且无法读取本机历史中等待的团队事件数量；它们将在下次启动 cdnrec 或控制台时发送。',
    "The team database did not answer within %1 s: %n team event(s) wait in this computer's history; they are sent at the next cdnrec or console start.":
        '团队数据库在 %1 秒内没有应答：本机历史中有 %n 个团队事件在等待，将在下次启动 cdnrec 或控制台时发送。',
    "%n team event(s) wait in this computer's history; they are sent at the next cdnrec or console start.":
        '本机历史中有 %n 个团队事件在等待，将在下次启动 cdnrec 或控制台时发送。',
    ', %1 not sent, %2 sent with no answer recorded (no end recorded: still running, or interrupted)':
        '，%1 个未发送，%2 个已发送但未记录应答（未记录结束：仍在运行，或已中断）',
    ' (counted over its first 200,000 rows)':
        '（按其前 200,000 行统计）',
    'Team profiles changed where they sign':
        '团队配置的签名去向已更改',
    'A colleague changed where these team profiles send your signed calls. Take the changes only if you expected them:\n\n%1':
        '有同事更改了这些团队配置发送您签名请求的去向。仅在您预期此更改时才采用：\n\n%1',
    'Take the changes':
        '采用更改',
    "%1: larger than the team's limit of %2 KB; not taken":
        '%1：超过团队上限 %2 KB；未采用',
    'Only a team admin may change where “%1” signs (its AppId, region, endpoint, test environment or environment): nothing was published.':
        '只有团队管理员才能更改“%1”的签名去向（AppId、地区、接入地址、测试环境或环境）：未发布任何内容。',
    "The endpoint of “%1” is neither one of ZEGO's hosts nor on the team's allow-list: nothing was published. A team admin allows it with cdnrec team profile allow-endpoint ORIGIN.":
        '“%1”的接入地址既不是 ZEGO 的主机，也不在团队的允许列表中：未发布任何内容。团队管理员可用 cdnrec team profile allow-endpoint ORIGIN 允许它。',
    '%1 (allowed by %2 at %3)':
        '%1（由 %2 于 %3 允许）',
    '%1: %2 → %3 (version %4, by %5 at %6)':
        '%1：%2 → %3（版本 %4，由 %5 于 %6 更改）',
    '%n team profile(s) held back: where they sign changed, not taken until you accept it':
        '%n 个团队配置已暂缓：其签名去向已更改，您确认后才会采用',
    'AppId %1': 'AppId %1',
    'endpoint %1': '接入地址 %1',
    'region %1': '地区 %1',
    'test environment (IsTest)': '测试环境（IsTest）',
    ', ': '，',
}
