# Simplified Chinese for the engine's strings (engine network job, endpoints).
ZH = {
'an endpoint must not carry a user name or password': '接入地址不能带用户名或密码',
}
