# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for StartCDNRecord and undo a stop.
ZH = {
    # cdnrec::StreamStatus
    'Recording': '录制中',
    # cdnrec::StopJob
    'an earlier attempt went unanswered and may have started it': '之前的一次尝试未得到响应，可能已经开始了录制',
    # cdnrec::Run
    '%1 received the calls but answered none of them: whether they started anything is unknown. Check the endpoint, or retry later.': '%1 收到了请求，但一个都未应答：是否已开始录制未知。请检查接入地址，或稍后重试。',
}
