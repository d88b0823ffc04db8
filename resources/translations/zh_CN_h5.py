# SPDX-License-Identifier: GPL-3.0-or-later
# Simplified Chinese for helper h5's strings (issue 13: StartCDNRecord, undo a stop).
ZH = {
    # cdnrec::StreamStatus
    'Recording': '录制中',
    # cdnrec::StopJob
    'an earlier attempt went unanswered and may have started it': '之前的一次尝试未得到响应，可能已经开始了录制',
}
