<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>cdnrec::HistoryDialog</name>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation><numerusform>%n run</numerusform><numerusform>%n runs</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in the team history</source>
        <translation><numerusform>%n run in the team history</numerusform><numerusform>%n runs in the team history</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>… %n more</source>
        <translation><numerusform>… %n more</numerusform><numerusform>… %n more</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) of run %1 loaded into the console.</source>
        <translation><numerusform>%n stream of run %1 loaded into the console.</numerusform><numerusform>%n streams of run %1 loaded into the console.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Run %1 exported to %2 (%n stream(s)).</source>
        <translation><numerusform>Run %1 exported to %2 (%n stream).</numerusform><numerusform>Run %1 exported to %2 (%n streams).</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) of run %1 that failed, are unknown or were not sent loaded into the console.</source>
        <translation><numerusform>%n stream of run %1 that failed, are unknown or were not sent loaded into the console.</numerusform><numerusform>%n streams of run %1 that failed, are unknown or were not sent loaded into the console.</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::MainWindow</name>
    <message numerus="yes">
        <source>Added %n stream ID(s)</source>
        <translation><numerusform>Added %n stream ID</numerusform><numerusform>Added %n stream IDs</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n stream ID(s) from %1</source>
        <translation><numerusform>Imported %n stream ID from %1</numerusform><numerusform>Imported %n stream IDs from %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n invalid: hover for the reason; never sent</source>
        <translation><numerusform>%n invalid: hover for the reason; never sent</numerusform><numerusform>%n invalid: hover for the reason; never sent</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n outside ZEGO's ID rule (sent anyway)</source>
        <translation><numerusform>%n outside ZEGO's ID rule (sent anyway)</numerusform><numerusform>%n outside ZEGO's ID rule (sent anyway)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) in the list</source>
        <translation><numerusform>%n stream in the list</numerusform><numerusform>%n streams in the list</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Removed %n row(s)</source>
        <translation><numerusform>Removed %n row</numerusform><numerusform>Removed %n rows</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n stream(s) and their outcomes from the list?</source>
        <translation><numerusform>Remove all %n stream and their outcomes from the list?</numerusform><numerusform>Remove all %n streams and their outcomes from the list?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1</source>
        <translation><numerusform>Exported %n row to %1</numerusform><numerusform>Exported %n rows to %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Stop the CDN recording of %n stream(s)?</source>
        <translation><numerusform>Stop the CDN recording of %n stream?</numerusform><numerusform>Stop the CDN recording of %n streams?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Stop %n recording(s)</source>
        <translation><numerusform>Stop %n recording</numerusform><numerusform>Stop %n recordings</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) in %1 s</source>
        <translation><numerusform>%n call in %1 s</numerusform><numerusform>%n calls in %1 s</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Load %n stream(s)</source>
        <translation><numerusform>Load %n stream</numerusform><numerusform>Load %n streams</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) skipped (each ID is listed once, with its outcome)</source>
        <translation><numerusform>%n duplicate skipped (each ID is listed once, with its outcome)</numerusform><numerusform>%n duplicates skipped (each ID is listed once, with its outcome)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) waiting</source>
        <translation><numerusform>%n event waiting</numerusform><numerusform>%n events waiting</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Undo the stop: restart %n recording(s)…</source>
        <translation><numerusform>&amp;Undo the stop: restart %n recording…</numerusform><numerusform>&amp;Undo the stop: restart %n recordings…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n selected stream(s) not shown Stopped are left out.</source>
        <translation><numerusform>%n selected stream not shown Stopped are left out.</numerusform><numerusform>%n selected streams not shown Stopped are left out.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Nothing to stop: %n stream ID(s) in the list are invalid (see the row's message)</source>
        <translation><numerusform>Nothing to stop: %n stream ID in the list are invalid (see the row's message)</numerusform><numerusform>Nothing to stop: %n stream IDs in the list are invalid (see the row's message)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation><numerusform>and %n more</numerusform><numerusform>and %n more</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> · Retry restarts the %n not sent</source>
        <translation><numerusform> · Retry restarts the %n not sent</numerusform><numerusform> · Retry restarts the %n not sent</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> · Stop sends the %n not sent</source>
        <translation><numerusform> · Stop sends the %n not sent</numerusform><numerusform> · Stop sends the %n not sent</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> · %n added during the run, not sent</source>
        <translation><numerusform> · %n added during the run, not sent</numerusform><numerusform> · %n added during the run, not sent</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The restart of %1 (run %2, profile “%3”) did not finish: %n stream(s) were not restarted or got no answer.

Load them into the list under “%3”, to restart them?</source>
        <translation><numerusform>The restart of %1 (run %2, profile “%3”) did not finish: %n stream were not restarted or got no answer.

Load them into the list under “%3”, to restart them?</numerusform><numerusform>The restart of %1 (run %2, profile “%3”) did not finish: %n streams were not restarted or got no answer.

Load them into the list under “%3”, to restart them?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The stop of %1 (run %2, profile “%3”) did not finish: %n stream(s) were not sent or got no answer.

Load them into the list under “%3”, to check and stop them?</source>
        <translation><numerusform>The stop of %1 (run %2, profile “%3”) did not finish: %n stream were not sent or got no answer.

Load them into the list under “%3”, to check and stop them?</numerusform><numerusform>The stop of %1 (run %2, profile “%3”) did not finish: %n streams were not sent or got no answer.

Load them into the list under “%3”, to check and stop them?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Load and restart %n stream(s)</source>
        <translation><numerusform>Load and restart %n stream</numerusform><numerusform>Load and restart %n streams</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Added %n stream ID(s) from room %1</source>
        <translation><numerusform>Added %n stream ID from room %1</numerusform><numerusform>Added %n stream IDs from room %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Loaded %n stream(s) of run %1</source>
        <translation><numerusform>Loaded %n stream of run %1</numerusform><numerusform>Loaded %n streams of run %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Restarting %n stream(s)…</source>
        <translation><numerusform>Restarting %n stream…</numerusform><numerusform>Restarting %n streams…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Stopping %n stream(s)…</source>
        <translation><numerusform>Stopping %n stream…</numerusform><numerusform>Stopping %n streams…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Also send again the %n selected stream(s) sent already (%1)</source>
        <translation><numerusform>Also send again the %n selected stream sent already (%1)</numerusform><numerusform>Also send again the %n selected streams sent already (%1)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Left out: %n selected stream(s) sent already. Check the box below to send again.</source>
        <translation><numerusform>Left out: %n selected stream sent already. Check the box below to send again.</numerusform><numerusform>Left out: %n selected streams sent already. Check the box below to send again.</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::ProfileDialog</name>
    <message numerus="yes">
        <source>%n profile(s) exported to %1, without secrets.</source>
        <translation><numerusform>%n profile exported to %1, without secrets.</numerusform><numerusform>%n profiles exported to %1, without secrets.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n profile(s) imported; give each its ServerSecret, then Save.</source>
        <translation><numerusform>%n profile imported; give each its ServerSecret, then Save.</numerusform><numerusform>%n profiles imported; give each its ServerSecret, then Save.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Nothing was saved: correct the %n field(s) marked in red.</source>
        <translation><numerusform>Nothing was saved: correct the %n field marked in red.</numerusform><numerusform>Nothing was saved: correct the %n fields marked in red.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Not tested: correct the %n field(s) marked in red.</source>
        <translation><numerusform>Not tested: correct the %n field marked in red.</numerusform><numerusform>Not tested: correct the %n fields marked in red.</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::RestartDialog</name>
    <message numerus="yes">
        <source>Restart the CDN recording of %n stream(s)?</source>
        <translation><numerusform>Restart the CDN recording of %n stream?</numerusform><numerusform>Restart the CDN recording of %n streams?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Restart %n recording(s)</source>
        <translation><numerusform>&amp;Restart %n recording</numerusform><numerusform>&amp;Restart %n recordings</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::RoomPicker</name>
    <message numerus="yes">
        <source>room %1: %n stream(s), %2</source>
        <translation><numerusform>room %1: %n stream, %2</numerusform><numerusform>room %1: %n streams, %2</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Add %n stream(s)</source>
        <translation><numerusform>&amp;Add %n stream</numerusform><numerusform>&amp;Add %n streams</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n stream(s) checked</source>
        <translation><numerusform>%1 of %n stream checked</numerusform><numerusform>%1 of %n streams checked</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::StreamListReply</name>
    <message numerus="yes">
        <source>%n stream(s) listed</source>
        <translation><numerusform>%n stream listed</numerusform><numerusform>%n streams listed</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamCatalog</name>
    <message numerus="yes">
        <source>%n team profile(s) added</source>
        <translation><numerusform>%n team profile added</numerusform><numerusform>%n team profiles added</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) updated</source>
        <translation><numerusform>%n team profile updated</numerusform><numerusform>%n team profiles updated</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) not taken because of a profile here of the same name</source>
        <translation><numerusform>%n team profile not taken because of a profile here of the same name</numerusform><numerusform>%n team profiles not taken because of a profile here of the same name</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) skipped as not valid here</source>
        <translation><numerusform>%n team profile skipped as not valid here</numerusform><numerusform>%n team profiles skipped as not valid here</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) retired</source>
        <translation><numerusform>%n team profile retired</numerusform><numerusform>%n team profiles retired</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team profile(s) held back: where they sign changed, not taken until you accept it</source>
        <translation><numerusform>%n team profile held back: where they sign changed, not taken until you accept it</numerusform><numerusform>%n team profiles held back: where they sign changed, not taken until you accept it</numerusform></translation>
    </message>
</context>
<context>
    <name>cdnrec::TeamSession</name>
    <message numerus="yes">
        <source>Team database offline: %n event(s) will be sent when it is back. %1</source>
        <translation><numerusform>Team database offline: %n event will be sent when it is back. %1</numerusform><numerusform>Team database offline: %n events will be sent when it is back. %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team event(s) wait that the team database will not accept: team user %1 may not add to the team history.</source>
        <translation><numerusform>%n team event wait that the team database will not accept: team user %1 may not add to the team history.</numerusform><numerusform>%n team events wait that the team database will not accept: team user %1 may not add to the team history.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team event(s) wait in this computer's history that the team database will not accept (team user %1 may not add to the team history).</source>
        <translation><numerusform>%n team event wait in this computer's history that the team database will not accept (team user %1 may not add to the team history).</numerusform><numerusform>%n team events wait in this computer's history that the team database will not accept (team user %1 may not add to the team history).</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The team database did not answer within %1 s: %n team event(s) wait in this computer's history; they are sent at the next cdnrec or console start.</source>
        <translation><numerusform>The team database did not answer within %1 s: %n team event wait in this computer's history; they are sent at the next cdnrec or console start.</numerusform><numerusform>The team database did not answer within %1 s: %n team events wait in this computer's history; they are sent at the next cdnrec or console start.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n team event(s) wait in this computer's history; they are sent at the next cdnrec or console start.</source>
        <translation><numerusform>%n team event wait in this computer's history; they are sent at the next cdnrec or console start.</numerusform><numerusform>%n team events wait in this computer's history; they are sent at the next cdnrec or console start.</numerusform></translation>
    </message>
</context>
</TS>