# Simplified Chinese for hardening (issue 21-23 session)
ZH = {
    'team mode is still starting (the team password is being read from the keyring): nothing was sent; try again in a moment': '团队模式仍在启动（正在从密钥环读取团队密码）：未发送任何请求，请稍后重试',
    'the request was never sent: no connection was ready within %1 s': '请求从未发出：%1 秒内没有可用的连接',
    'the answer gives the key “%1” twice in one object: it is ambiguous, so none of it is taken as an outcome': '应答在同一对象中两次给出键“%1”：含义不明，因此其中任何内容都不作为结果',
    'no answer: %1': '无应答：%1',
}
