# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the team budget's strings (app/core/team/teambudget.cpp).
ZH = {
    'The team database did not answer in time: AppId %1 is paced at a safe local share of %2 calls/s until it answers again.':
        '团队数据库未及时响应：AppId %1 暂按本机安全份额 %2 次/秒发送，直到数据库恢复响应。',
}
