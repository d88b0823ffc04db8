# Simplified Chinese for hardening (issue 21-23 session)
ZH = {
    'team mode is still starting (the team password is being read from the keyring): nothing was sent; try again in a moment': '团队模式仍在启动（正在从密钥环读取团队密码）：未发送任何请求，请稍后重试',
    'the request was never sent: no connection was ready within %1 s': '请求从未发出：%1 秒内没有可用的连接',
    'the answer gives the key “%1” twice in one object: it is ambiguous, so none of it is taken as an outcome': '应答在同一对象中两次给出键“%1”：含义不明，因此其中任何内容都不作为结果',
    'no answer: %1': '无应答：%1',
    'Run %1 has no failed, unknown or unsent streams: nothing was loaded.': '执行 %1 没有失败、未知或未发送的流：未加载任何内容。',
    '%n stream(s) of run %1 that failed, are unknown or were not sent loaded into the console.': '已将执行 %1 中失败、未知或未发送的 %n 条流加载到控制台。',
    'Close without saving the new profile?': '不保存新配置就关闭？',
    'Close without saving the changes to “%1”?': '不保存对“%1”的更改就关闭？',
    '&Discard changes': '放弃更改(&D)',
    'the answer gives the key “%1” twice in one object: it is ambiguous, so none of it is taken as a list': '应答在同一对象中两次给出键“%1”：含义不明，因此其中任何内容都不作为列表',
}
