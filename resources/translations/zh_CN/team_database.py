# Simplified Chinese for the team database's strings (team database: config, connection
# faults, schema migrations).
ZH = {
"The team database's host is missing.": '缺少团队数据库的主机。',
"The team database's user is missing.": '缺少团队数据库的用户。',
"The team database's name is missing.": '缺少团队数据库的名称。',
'The port must be between 1 and 65535.': '端口必须在 1 到 65535 之间。',
'The TLS mode must be one of: %1.': 'TLS 模式必须是以下之一：%1。',
"The CA certificate's path must not contain ';'.": 'CA 证书的路径不能包含“;”。',
'The PostgreSQL driver for Qt is not installed (Debian package libqt6sql6-psql): team mode cannot work without it.':
    '未安装 Qt 的 PostgreSQL 驱动（Debian 软件包 libqt6sql6-psql）：没有它团队模式无法工作。',
'The team database refused user %1: the password is wrong.': '团队数据库拒绝了用户 %1：密码错误。',
'The team database needs a password for user %1.': '团队数据库需要用户 %1 的密码。',
'The team database has no user %1: ask your admin to add it (cdnrec team add-user).':
    '团队数据库中没有用户 %1：请管理员添加（cdnrec team add-user）。',
"The team database's TLS certificate is not issued for %1: connect with the name in the certificate, or ask your admin.":
    '团队数据库的 TLS 证书不是为 %1 签发的：请使用证书中的名称连接，或询问管理员。',
"The CA certificate file %1 cannot be read: give the team's CA certificate (--sslrootcert).":
    '无法读取 CA 证书文件 %1：请提供团队的 CA 证书（--sslrootcert）。',
"No CA certificate is given to check the team database's TLS certificate: give the team's CA certificate (--sslrootcert).":
    '没有用于校验团队数据库 TLS 证书的 CA 证书：请提供团队的 CA 证书（--sslrootcert）。',
'The team database does not offer TLS, but this connection requires it: ask your admin to enable TLS, or choose a weaker TLS mode.':
    '团队数据库不提供 TLS，但此连接要求 TLS：请管理员启用 TLS，或选择较弱的 TLS 模式。',
"The team database's TLS certificate is not signed by the CA this connection trusts: give the team's CA certificate (--sslrootcert), or ask your admin.":
    '团队数据库的 TLS 证书不是由此连接信任的 CA 签发的：请提供团队的 CA 证书（--sslrootcert），或询问管理员。',
'The team database does not accept user %1 from this machine (pg_hba.conf): ask your admin.':
    '团队数据库不接受用户 %1 从本机连接（pg_hba.conf）：请询问管理员。',
'The database %1 does not exist at %2: ask your admin to run cdnrec team init.':
    '%2 上不存在数据库 %1：请管理员运行 cdnrec team init。',
'The team database does not exist: ask your admin to run cdnrec team init.':
    '团队数据库不存在：请管理员运行 cdnrec team init。',
'The team database is not set up (or not fully): ask your admin to run cdnrec team init.':
    '团队数据库尚未（完整）设置：请管理员运行 cdnrec team init。',
'The team history is append-only: nothing in it can be changed or deleted.':
    '团队历史只能追加：其中任何内容都不能修改或删除。',
'User %1 may not do this in the team database: ask your admin.': '用户 %1 无权在团队数据库中执行此操作：请询问管理员。',
'This user may not do this in the team database: ask your admin.': '此用户无权在团队数据库中执行此操作：请询问管理员。',
'Nothing answers at %1 (connection refused): is the database server running, and is the port right?':
    '%1 没有响应（连接被拒绝）：数据库服务器是否在运行，端口是否正确？',
'The host name %1 is unknown: check it.': '主机名 %1 无法识别：请检查。',
'The team database at %1 did not answer within %2 s: check the host, the network and the firewall.':
    '%1 上的团队数据库在 %2 秒内没有响应：请检查主机、网络和防火墙。',
'The connection to the team database timed out: check the network.': '与团队数据库的连接超时：请检查网络。',
'The team database did not answer in time.': '团队数据库没有及时响应。',
'The team database is starting up or shutting down: try again in a moment.': '团队数据库正在启动或关闭：请稍后再试。',
'The connection to the team database at %1 failed: the server may be down or restarting, or the network failed.':
    '与 %1 上团队数据库的连接失败：服务器可能已停止或正在重启，或网络出现故障。',
'The connection to the team database was lost: the server may be down or restarting, or the network failed.':
    '与团队数据库的连接已断开：服务器可能已停止或正在重启，或网络出现故障。',
'The team database reported: %1': '团队数据库报告：%1',
'User %1 may not read the team database: ask your admin to add it to the operators or the auditors (cdnrec team add-user).':
    '用户 %1 无权读取团队数据库：请管理员将其加入操作员或审计员（cdnrec team add-user）。',
'The team database %1 is not set up yet: ask your admin to run cdnrec team init.':
    '团队数据库 %1 尚未设置：请管理员运行 cdnrec team init。',
'The team database was set up by a newer cdnrec (schema version %1; this one knows up to %2): update cdnrec. Nothing is written to it meanwhile.':
    '团队数据库由更新版本的 cdnrec 设置（架构版本 %1；本版本最高支持 %2）：请更新 cdnrec。在此之前不会向其写入任何内容。',
'The team database has schema version %1 and this cdnrec needs %2: ask your admin to run cdnrec team init.':
    '团队数据库的架构版本为 %1，而此 cdnrec 需要 %2：请管理员运行 cdnrec team init。',
'Not connected to the team database.': '未连接到团队数据库。',
'The migration %1 cannot be read.': '无法读取迁移 %1。',
'The team database was set up by a newer cdnrec (schema version %1; this one knows up to %2): update cdnrec. Nothing was changed.':
    '团队数据库由更新版本的 cdnrec 设置（架构版本 %1；本版本最高支持 %2）：请更新 cdnrec。未做任何更改。',
'Migration %1 failed:': '迁移 %1 失败：',
    'The CA certificate %1 is not a certificate file (a folder, a device, a pipe, or larger than 1 MB).': 'CA 证书 %1 不是证书文件（而是文件夹、设备、管道，或大于 1 MB）。',
}
