# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for the team budget's notices of a grant that stays 0 (app/core/team/teambudget.cpp).
ZH = {
    'The team budget for AppId %1 is not a usable rate: this job gets no calls and waits until an admin sets one (cdnrec team budget %1 RATE).':
        'AppId %1 的团队预算不是有效的速率：此任务得不到调用配额，将一直等待，直到管理员设置预算（cdnrec team budget %1 RATE）。',
    'The team budget for AppId %1 (%2 calls/s) gives this job no calls: %3 other jobs hold or share it. This job waits until they end or an admin raises the budget; cdnrec team budget lists them.':
        'AppId %1 的团队预算（%2 次/秒）没有分给此任务任何调用：另有 %3 个任务占用或分享了它。此任务将等待，直到它们结束或管理员提高预算；cdnrec team budget 可列出这些任务。',
}
