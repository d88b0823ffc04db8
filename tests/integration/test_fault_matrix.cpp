// SPDX-License-Identifier: GPL-3.0-or-later
// The fault matrix: each kind of fault, what the operator sees, and where it is tested. For every
// one: the outcome is clear, no stream is left Pending or shown Stopped without a success answer
// for it, and the history holds what happened (test_history_run). "#11.N" marks the defects of
// issue 11 (one run, one place), each with a test that failed before its fix; "#A" those of the
// hostile-gateway attack of 2026-12-08 (issue 21's session), likewise.
//
// clang-format off
// | fault                                               | visible result                                                | test
// |-----------------------------------------------------|---------------------------------------------------------------|-----------------------------------------
// | timeout (no answer in time)                         | retried, then Unknown "no answer within N s"                  | test_job timeoutsAreRetriedThenUnknown
// | connection refused                                  | retried, then Failed "could not connect"; CLI exit 4          | test_job unreachableEndpoint, test_cli unreachableExitsFour
// | connection reset before the answer                  | retried with a new signature; "earlier unanswered"            | test_job resetsAreRetried
// | reset mid-body (half an answer)                     | retried, then Unknown                                         | test_job cutMidBodyIsUnknown
// | HTTP 5xx (HTML page)                                | retried, then Unknown "HTTP 500 Internal Server Error" (once) | test_job serverErrorsRunOut, test_callreply httpErrorSaysItOnce
// | HTML body with HTTP 200                             | Unknown "not valid JSON ... <title>"                          | test_job unusableAnswers(html)
// | truncated JSON                                      | Unknown "not valid JSON"                                      | test_job unusableAnswers(truncated)
// | huge body (2 MiB)                                   | Unknown "larger than 1048576 bytes"                           | test_job unusableAnswers(huge)
// | giant body (50 MB)                                  | Unknown, client memory bounded                                | here: giantBodyRefusedMemoryBounded
// | wrong JSON types (Code "0", Code 0.5…)              | Unknown, naming the field and its type                        | test_callreply hostileBodies (26 bodies)
// | vendor data under another vendor's key              | Unknown "Data.Huawei instead of Data.Tencent"                 | test_callreply hostileBodies(other vendor key)
// | duplicated / extra streams in answer                | conflicting -> Unknown; extras reported, not dropped          | test_callreply duplicateEntries, test_job mixedOutcomes
// | code 6 once                                         | retried after back-off, then Stopped                          | test_job rateLimitedCallsAreRetried
// | code 6 storm                                        | Failed, code 6 with advice; never faster than rate            | here: codeSixStorm
// | signature expired, clock skewed 15 min              | corrected from Date, retried once, Stopped; said              | test_job clockSkewIsCorrected, test_cli clockCorrectionIsSaid
// | #11.3 Date header of 1970 / 2100 / garbage          | ignored; Timestamps stay the local clock's                    | test_job implausibleDateHeadersAreIgnored, test_cli implausibleDateIsIgnored
// | local clock before the build date (1990)            | the gateway's Date believed; corrected                        | test_job localClockBeforeTheBuildIsCorrected
// | remembered offset wrong now (local clock changed)    | refused once, learnt anew, retried; the new offset said too   | test_job rememberedOffsetThatTurnsOutWrongIsSaidAgain
// | #11.4 100000004 forever                             | ≤ 2 calls; Failed with clock advice; rest not sent            | test_job expiredForeverStopsTheJob
// | wrong secret (7 / 100000005)                        | Failed with advice, job stops sending; CLI exit 3             | test_job wrongSecretStopsTheJob, test_cli wrongSecretExitsThree
// | self-signed TLS certificate                         | Failed "TLS error", nothing more sent                         | test_tls selfSignedIsRefused
// | #11.1 gateway trickles 1 byte / 200 ms              | aborted at the total deadline; Unknown                        | test_job totalDeadlineHoldsAgainstATrickle, test_cli trickleMeetsTheDeadline
// | #11.13 blackhole (takes calls, never answers)       | Unknown; "received the calls but answered none"; exit 1       | test_job blackholeIsConnectedButUnanswered, test_cli blackholeIsNotUnreachable
// | #11.2 --timeout/--rate/--batch-size NaN, inf, 1e-9… | usage error, exit 2, nothing sent                             | test_cli usageErrorsSendNothing(timeout */rate */batch *)
// | nonsense JobOptions (NaN, 0, 1e-300 rate)          | defaults or clamped, never a silent crawl                     | test_job nonsenseOptionsAreReplaced, test_ratelimiter extremeRatesAreClamped
// | #11.5 escapes in gateway Code/Message/RequestId     | printed as \x1b…, one line per row                            | test_cli terminalEscapesAreNeutralised, test_terminaltext escapes
// | #11.5 escapes in input files and the history        | printed as \x1b…, no forged line                              | test_cli terminalEscapesAreNeutralised, test_cli_history tableEscapesControlCharacters
// | #11.6 gateway echoes the signature / secret         | REDACTED in output, history, details                          | test_job echoedSignatureIsRedacted, test_cli echoedSignatureNeverPrinted
// | #11.6 user:pw@ in --endpoint                        | refused: exit 2, nothing stored                               | test_endpoint refused, test_cli usageErrorsSendNothing(userinfo)
// | #11.7 history, -wal, -shm, moved-aside file         | 0600, folder 0700, whatever the umask                         | test_history filesAreOwnerOnly, movedAsideFileIsOwnerOnly
// | #11.7 history only readable                         | listed read-only, exit 0; unreadable: one line, exit 1        | test_cli_history readOnlyHistoryIsListed, unreadableHistoryFailsClearly
// | #11.8 --file - of more than 64 MiB                  | usage error, memory bounded                                   | test_cli standardInputIsCapped
// | #11.8 --secret-file FIFO / /dev/zero / NUL / 5 KB   | 10 s wait then exit 2 / refused; pipes still work             | test_cli hostileSecretFiles, secretFromAPipe
// | --file or Import of /dev/zero, a FIFO               | refused / given up after 10 s; pipes still read               | test_streamids devicesAndFifosNeverHang, test_cli hostileSecretFiles
// | #11.9 1,000,000 IDs with --json                     | report streamed; peak RSS 561 MB (goal < 1 GB)                | bench_cli
// | #11.10 a 573 MB history                             | opened in ~0.01 s; full check on demand, off the GUI thread   | bench_history, test_history openDoesNotRunTheFullCheck
// | #11.14 two CLI processes, one AppId, --rate 20      | one shared pace: ≤ 20 in any second, 0 code 6                 | test_pace twoProcessesShareTheRate
// | stale / corrupt pace file, foreign folder           | blocks nobody; foreign folder refused                         | test_ratelimiter staleStateBlocksNoOne, foreignFolderIsRefused
// | keyring unavailable / locked / hung                 | one sentence, one truth for where the secret is               | test_secretstore_*, test_console_profiles_none noKeyringStatusFieldAndTestAgree
// | history database locked                             | nothing sent, "could not record"                              | here: historyLockedSendsNothing
// | #11.12 history database corrupt                     | moved aside; one line with the moved path                     | test_history damagedMessageIsOneLine, test_history_gui
// | disk full for history                               | stops sending, rest "not sent"                                | test_history_run fullDiskStopsSending
// | disk full / bad folder for export                   | "Could not write …" banner, no half file, rows kept           | test_mainwindow exportResults (RLIMIT_FSIZE)
// | CSV cell starting with = + - @                      | a leading ' (no formula in a spreadsheet)                     | test_csv fields, test_history_gui csvExportNeutralisesFormulas
// | unreadable / binary / non-UTF-8 import              | "not a text file", "not UTF-8", nothing lost                  | test_streamids unreadableFiles, test_mainwindow importFiles
// | empty CSV cell                                      | skipped like a blank line                                     | test_streamids csvEmptyCellIsSkipped
// | 100,000 IDs                                         | parsed, batched within count and URL limits                   | here: hundredThousandIds; bench_gui paste
// | 33 KB pasted into the one-line ID field             | every ID added, nothing cut at 32,767                         | test_console_newcomer pasteIntoTheIdFieldNeverCuts
// | a stray keystroke / wheel on the profile box        | the profile never changes                                     | test_console_newcomer typingAtStartGoesToTheList
// | #11.11 process killed mid-run                       | counts from its rows; not sent / sent, no answer              | test_history_run killedMidwayLosesNothing (x5), test_history interruptedRunCountsItsStreams
// | #11.11 code 6, then killed before the retry         | failed / unknown, never "not sent"                            | test_history retriedStreamNeverReadsNotSent
// | #11.11 the next start after a killed run            | the console offers its unsent and unanswered streams          | test_console_newcomer interruptedRunIsOffered
// | CLI interrupted (SIGINT / SIGTERM)                  | in-flight Unknown, rest Skipped, report printed, exit 1       | test_cli signalsCancelTheRun
// | HTTP 429 from the gateway or a proxy                | a refusal: retried, then Failed; never "unanswered"           | test_job tooManyRequestsIsARefusal
// | #12 gateway answers after 0.25–2 s                  | calls in flight = rate × latency (+25%), pace unchanged       | test_latency windowIsLittlesLaw, windowGrowsAndShrinksWithTheGateway; bench_latency
// | #12 cancel with 50 calls in flight                  | 50 Unknown "cancelled", nothing more sent                     | test_latency cancelWithFiftyInFlight
// | #12 50 in flight, or retries after code 6           | never more than the rate in any second                        | test_latency fiftyInFlightKeepThePace, retriesAfterCodeSixKeepThePace
// | #12 20 ms of arrival jitter                         | headroom ≥ 20 ms: never rate+1 in a gateway second             | test_ratelimiter arrivalJitterIsAbsorbed
// | #21 50–100 ms of arrival jitter (sim --jitter)      | headroom follows the answers' spread (20–250 ms): 0 code 6     | test_pace jitterCostsNoCode6, twoProcessesShareTheRate; bench_jitter
// | #13 gateway clock skewed ±5 min / 2 h; a retry later  | EndTime from the corrected clock, recomputed per retry         | test_startjob retryCarriesARecomputedEndTime
// | #13 EndTime past or beyond 24 h at the simulator      | code 2; cdnrec never sends one                                | test_startjob simulatorChecksEndTime
// | #13 undo of a run that stopped nothing / a start run  | exit 2, nothing sent                                          | test_cli_start undoRefusedForARunThatStoppedNothing
// | #13 Enter on the restart question                     | nothing restarted (Cancel is the default)                     | test_undo_gui enterOnTheQuestionRestartsNothing
// | #13 Ctrl+Z in an ID field holding text                | undoes the typing, never a stop                               | test_undo_gui ctrlZInATypedFieldUndoesTyping
// | #13 a clock time 5 min ahead / beyond 24 h            | tomorrow / clamped, and said in the question                  | test_undo_gui untilAClockTime
// | #14 team database stopped mid-run (-m immediate)      | run finishes; events replay; each call exactly once           | test_teamsync databaseStoppedMidRun
// | #14 team database hung from the start                 | run not blocked; "Team: offline · N events waiting"           | test_teamsync hungDatabaseNeverBlocksRun
// | #14 a process dies between the insert and the mark    | replay adds nothing (ON CONFLICT DO NOTHING)                  | test_teamsync replayAgainAddsNothing, twoReplayersExactlyOnce
// | #14 outbox cannot record a call                       | the call is not sent                                          | test_teamsync outboxFailureStopsSending
// | #14 echoing gateway; secret in an event               | no secret, password or signature in any event                 | test_teamsync noSecretInAnyEvent
// | #14 operator INSERT / UPDATE / DELETE / TRUNCATE on events | refused (no rights since 005; a trigger even with them)  | test_teamdb operatorAppendsOnly
// | #14 wrong password, closed port, bad cert, newer schema, no rights | one sentence each, exit 3/4, nothing saved         | test_teamdb errors, certificateNameMismatch; test_cli_team connectFaultsSaveNothing
// | #14 two jobs, one AppId, budget 20/s                  | ≤ 20 calls in any second, 0 code 6                            | test_teambudget twoProcessesShareTheBudget, twoCliProcessesShareTheBudget
// | #14 a job killed (-9) holding a share                 | its share back within the lease expiry                        | test_teambudget killedJobGivesItsShareBack
// | #14 budget database down mid-run / from the start     | safe local share, said once; the run finishes                 | test_teambudget databaseStoppedMidRun, databaseDownFromTheStart
// | #14 hand-over between jobs                            | a lowered rate counts at its old value for 1 s                | test_teambudget_grant handOverNeverExceedsBudget
// | #14 a ServerSecret pasted into a published profile    | publish refused; no table holds it                            | test_teamcatalog secretInAFieldIsNeverPublished
// | #14 local profile of the same name as a team one      | not overwritten: a conflict is said                           | test_teamcatalog localProfileOfTheSameNameIsNotOverwritten
// | #14 wrong team password in Preferences ▸ Team         | said without the password; nothing kept                       | test_team_gui preferencesTestBeforeKeeping
// | #14 a NUL in an answer's message (hostile gateway)   | U+FFFD in the team copy; the replay goes on, exactly once     | test_outbox_escaping oddTextArrivesAsItWas
// | #14 quotes, backslashes, control chars, Chinese       | arrive in the team database as they were                      | test_outbox_escaping oddTextArrivesAsItWas
// | #14 a lone surrogate ("\ud83d" in an answer's JSON)  | U+FFFD in the team copy; the replay goes on                   | test_outbox_escaping oddTextArrivesAsItWas
// | #14 --sslrootcert a FIFO, /dev/zero or a folder     | refused at once with one sentence (libpq would hang / read on)| test_teamdb caFileThatIsNotAFileIsRefused
// | #14 "$$", "$j…$", quotes in a gateway's message     | arrive as they were (batch is a dollar-quoted literal)        | test_outbox_escaping oddTextArrivesAsItWas
// | #14 outbox row not JSON / NUL / 200k deep / halves spliced around another | passed over locally with a warning; the rest arrive as they were | test_outbox_escaping damagedMomentIsPassedOverNotStuck
// | #14 event the server cannot read (bad UUID)           | that moment passed over with a warning; the others arrive     | test_outbox_escaping damagedMomentIsPassedOverNotStuck
// | #14 server state refuses inserts (sequence behind after a restore) | nothing passed over: replay fails, retried; all arrive once fixed | test_outbox_escaping serverFaultIsNotMistakenForBadData
// | #14 outbox of an earlier build (one row per event, \u0000 in a detail) | converted: unsent events kept, in order, cleaned | test_outbox_escaping outboxOfAnEarlierBuildIsConverted
// | #14 sync opens the outbox while a run commits        | opens (waits its turn): no "database is locked"               | test_outbox_escaping opensWhileTheHistoryWrites
// | #14 connection faults on a Chinese desktop (libpq, libc in Chinese) | the same one sentence, not "reported: 拒绝连接" | test_cli_team connectFaultsSaveNothing (Chinese desktop)
// | #14 a retired team profile, unchanged copy here      | removed at the pull; keyring untouched; "1 team profile retired." | test_teamcatalog retiredProfileLeavesUnchangedCopiesOnly; test_teamprofilecommand retireExitCodesListAndPull
// | #14 a retired team profile changed here / local-only  | kept: "retired by the team, changed here: kept" / untouched   | test_teamcatalog retiredProfileLeavesUnchangedCopiesOnly
// | #14 retire by an auditor; of an unknown / retired name | one sentence, exit 3 / 2 / 0; nothing written                 | test_teamcatalog auditorCannotRetire, retireIsInTheTrailAndRepublishRestores; test_teamprofilecommand retireExitCodesListAndPull
// | #14 operator DELETE of a retired profile or its trail | refused; the trail says "retired" with the operator's login   | test_teamcatalog operatorRetiresButNeverDeletes
// | #14 team init on a database that has 003              | 004 alone applied; again: nothing to do                       | test_teamcatalog retireMigrationOnADatabaseWith003
// | #14 terminal escapes in a team row (profile name, OS user, host, a job's lease) | shown as \x1b text by team profile list/pull and team budget | test_teamprofilecommand hostileRowsAreShownEscaped; test_teambudgetcommand hostileJobIsShownEscaped
// | #14 a profile name with control chars / bidi (team row, import, add) | refused as a name, never stored; notes shown escaped | test_profile fieldErrors(escape…bidi override), test_cli_profiles hostileFieldsAreShownEscaped, test_teamprofilecommand hostileRowsAreShownEscaped
// | #14 a retired profile's secret left in the keyring  | `profile remove NAME` removes it; "team/…" entries out of reach | test_cli_profiles leftSecretIsRemovedByName
// | gateway Message with markup (<img src=/dev/zero>)   | Test connection shows it as text (rich text froze the dialog)  | test_markup testConnectionShowsTheGatewaysWordsAsWritten
// | the same in a stream's Message / an ID from a file   | the table's tool tips show it as text (hover froze the console)| test_streamtablemodel toolTipsShowMarkupAsWritten
// | markup in a profile name (confirm, secret, restart) | shown as text in message boxes, the secret prompt, Restart     | test_markup promptsShowTextAsWritten, restartDialogShowsWhereAsWritten
// | #14 markup in the team server's words               | shown as text: Preferences ▸ Team, status tool tip, History     | test_team_gui serverWordsAreShownAsWritten
// | #14 an operator's rows under another's run_id        | ignored: a run is what its first run_begun's db_user wrote    | test_teamsync forgedEventsDoNotRewriteARun
// | #14 team answer cut off mid-stream (network, server)  | an error said; no partial list shown as the whole history     | test_teamsync answerCutOffIsNotShownAsComplete
// | #14 team server takes a query, never answers (TCP alive) | given up after 20 s by the client's clock; "connection failed" | test_teamsync serverThatNeverAnswersIsGivenUpOn
// | #14 a team run of 10,000+ streams in the History window | the first 10,000 shown, and where the rest are; no freeze     | test_team_gui largeTeamRunIsShownInPart
// | #14 lease with changed_at/heartbeat_at = 'infinity'  | the heartbeat drops the row (no 22008); no job falls back      | test_teambudget_hostile infiniteTimestampsNeitherFailNorHold
// | #14 lease with NaN wanted/granted/previous          | dropped as implausible; the bound holds (2 jobs <= 20/s)       | test_teambudget_hostile nanLeaseDoesNotLiftTheBound
// | #14 lease times far in the future (live or left)    | dropped as forged (> 5 s ahead of now()); the job gets its share | test_teambudget_hostile futureTimesDoNotHoldForEver
// | #14 NaN/Infinity/1e308 in the grant arithmetic      | counted as the whole budget; a NaN budget grants 0, fallback <= 5 | test_teambudget_hostile arithmeticFailsSafe
// | #14 thousands of live fake leases                   | the job waits at 0 (never over budget) and says why after 3 s  | test_teambudget_hostile zeroGrantIsSaid
// | #14 budget rate NaN (its CHECK dropped by hand)     | grant 0 and a notice "not a usable rate"                       | test_teambudget_hostile nanBudgetIsSaid
// | #14 `cdnrec team budget [APPID RATE]`, real binary  | lists and sets, exit 0 (was exit 2)                            | test_teambudgetcommand binaryListsAndSets
// | #14 implausible lease / budget rows in the listing  | listed apart as "implausible row", exit 0; JSON rate null      | test_teambudgetcommand implausibleRowsAreMarked, implausibleBudgetIsMarked
// | #14 terminal escapes raised by the team server      | "The team database reported: \x1b…", never raw               | test_teamdb serverWordsAreMadePrintable
// | #14 a team profile / file field of the wrong type   | refused as not readable, never read as a default (production) | test_profilestore wrongTypesAreRefusedNotDefaulted
// | #20 operator's temp table + pg_temp trigger shadowing the trail | no TEMP; with TEMP granted, the pinned function writes the real trail, no superuser | test_team_insider tempTableCannotShadowTheTrail
// | #20 SECURITY DEFINER function unpinned / owned by a superuser | none: every one pinned to pg_catalog, pg_temp, owned by cdnrec_owner | test_team_insider everyDefinerFunctionIsPinnedAndOwnedByANonSuperuser
// | #20 run_begun with seq -1 / outcomes under a colleague's run | refused (CR001 / no INSERT); her run reads as she wrote it | test_team_insider runCannotBeTakenOver
// | #20 the next 100,000 seq values taken by hand         | no INSERT, no sequence; the migration moves the sequence past old ones | test_team_insider serverAssignsSeq, oldDatabaseIsMigratedInPlace
// | #20 team database that 004 left, with forged rows     | 005 in place, twice: every event and profile kept; runs are their first writer's | test_team_insider oldDatabaseIsMigratedInPlace
// | #20 operator rewrites/deletes leases every 20 ms, 2 jobs at 20/s | every statement refused; <= 20 calls in any second, 0 code 6 | test_teambudget operatorRewritingLeasesCannotLiftThePace
// | #20 auditor holds the budget's advisory key           | nobody slowed: the grant's lock is a row lock nobody else can take | test_teambudget auditorHoldingLocksSlowsNobody
// | #20 operator redirects a published profile's endpoint | refused (admin's right); an admin's change is held at colleagues' pulls, old -> new and who | test_team_insider endpointChangeIsTheAdminsAndNeverSilent
// | #20 endpoint outside ZEGO's hosts (and look-alikes)   | refused unless on the admin's allow-list                       | test_team_insider endpointOutsideZegoNeedsTheAllowList
// | #20 50 KB profile note, 100 KB event, 2 MB rows written earlier | refused by the database; old big rows skipped unread by a pull | test_team_insider oversizedRowsAreRefused
// | #20 forged run of 300,000 outcomes dated 2100          | listing by server time; counts bounded and said to be partial  | test_team_insider forgedHugeRunsDoNotHideRealOnes
// | #20 auditor calls the write functions or locks a table | permission denied, each                                        | test_team_insider auditorWritesNothing
// | #20 an event for a run nobody began                   | refused: never shows as a run                                  | test_team_insider loneEventIsNoRun
// | #20 team view of a killed run                         | "N not sent, M sent with no answer", as the local history says | test_team_insider killedRunCountsItsUnsentStreams
// | #20.9 fake server asks for the password in clear (require/prefer/allow; or verify-full with a stolen key) | refused before connecting / channel binding refused; no password sent | test_team_insider_client passwordGoesOnlyToAVerifiedServer, channelBindingKeepsThePasswordFromAFakeServer
// | #20.9 server without TLS                              | one sentence: ask the admin for TLS; never "choose a weaker mode" | test_team_insider_client noMessageAdvisesAWeakerMode
// | #20.10 team database frozen mid-run (SIGSTOP)         | the exit says "did not answer within 5 s: N team events wait"  | test_team_insider_client exitSaysWhatWaitsWhenTheDatabaseHangs
// | #20.11 an auditor's stop / start / --no-history       | exit 3, one sentence, 0 calls, 0 events, nothing promised     | test_team_insider_client auditorSendsNothingAndIsPromisedNothing
// | #20.12 --no-history run in team mode                  | holds a budget lease while it runs                            | test_team_insider_client noHistoryRunTakesABudgetLease
// | #20 events left waiting; team status / history --scope team / idle console | sent first (<= 5 s) / within 15 s            | test_team_insider_client statusAndTeamHistorySendWhatWaits, idleSessionSendsWhatAnotherProcessLeft
// | #20 README admin order: init, add-user (--role admin), budget with --no-password | each exits 0, no keyring asked          | test_team_insider_client adminStepsWorkInTheReadmeOrder
// | #20 team database stopped mid-run (-m immediate)      | no raw "WARNING:" or "removeDatabase" on stderr                | test_team_insider_client noRawDatabaseWarningsOnTheTerminal
// | #20 heartbeat inside a transaction begun 6 s earlier  | no lease dropped: times are one clock read after the lock     | test_team_insider staleTransactionClockDropsNoLease
// | #20 a colleague's run_begun reused under another run; an event_id twice | begins no run / batch refused                   | test_team_insider reusedRunBegunBeginsNothing
// | #20 throw-away leases claiming the whole budget       | a new lease counts at most an equal share; 32 new in 10 s at most | test_team_insider throwAwayLeasesCannotStarveAColleague
// | #20 heartbeat of a released lease; a non-ASCII host   | refused / its own heartbeat within the size limits           | test_team_insider releasedLeaseStaysReleased
// | #20 large objects (auditor too), a region no client knows, an admin's claimed author, a DELETE of a profile | refused / refused / stamped by the server / in the trail | test_team_insider noLargeObjectsAndServerChecksTheRest
// | #20 grant computed by the server vs its specification | equal on 300 random tables of other jobs                      | test_teambudget_hostile serverGrantIsTheArithmetic
// | #20 a colleague's pull of a change of where a profile signs (console) | asked, old -> new and who; Keep by default    | test_team_console_pull signingChangeIsAskedAndKeptByDefault
// | #23 DescribeSimpleStreamList code 154 (once / always) | retried after the room's interval, then listed / "not listed" with 154, none of its streams sent | here: roomCode154; test_roomlister code154IsRetried, code154ForeverFails
// | #23 code 6 on the room limit (another client asked)   | waited out: asked again after the room's interval, then listed | here: roomLimitCodeSixIsWaitedOut; test_roomlister roomLimitCodeSixIsWaitedOut
// | #23 an empty room                                     | an answer ("no streams published"), nothing sent; CLI exit 0   | here: emptyRoomIsAnAnswer; test_cli_rooms emptyRoomSendsNothing
// | #23 room ID with &, #, %, +, spaces, CJK             | percent-encoded; reaches the gateway intact                    | here: oddRoomIdsArriveIntact; test_streamlist oddRoomIdsSurviveAServer
// | #23 room ID with control characters / 600 bytes      | refused without a call, said                                   | test_streamlist roomIdsThatCanNeverBeSent; test_cli_rooms usageErrors
// | #23 list answer without a StreamId / not JSON / wrong types | the room is not listed (never half a list): clear sentence | test_streamlist missingOrWrongFieldsAreClear
// | #23 120 rooms listed at once                          | ≤ 50 list calls in any second, 0 code 6                        | test_roomlister hundredTwentyRoomsKeepFiftyPerSecond; bench_rooms
// | #23 one room from two processes within 10 s           | one call; the other reuses the answer and says its age         | test_cli_rooms oneRoomFromTwoProcessesIsOneCall
// | #A secret / signature echoed as JSON \u escapes       | REDACTED in output, history, answer bytes (escapes written out) | test_callrequest redactsSecretsBehindJsonEscapes
// | #A a key twice in one object ({"Code":6,"Code":0})    | ambiguous: Unknown, names the key; never the last one's success | test_callreply hostileBodies(top code twice, stream code twice, …once escaped)
// | #A a call that ended without an HTTP answer          | history call state 'unanswered' with its error, never 'answered' | test_history_run callsWithoutAnAnswerAreNotAnswered
// | #A https server that accepts and never handshakes    | Failed 'the request was never sent' (plain http silence: Unknown) | test_job aHandshakeThatNeverEndsSentNothing
// | #A a 1 s gateway after a fast run on the same AppId  | a change of level is not jitter: headroom back to base          | test_ratelimiter aChangeOfLevelIsNotJitter
// | #A rate NaN / ±inf / 0 reaching the engine unchecked | the default 10/s in the job and the pacer alike                 | test_rate theEngineBoundsEveryNumberAlike
// | #A a team run in the console before its session started | refused, nothing sent; no keyring read on the GUI thread     | test_run_console aTeamRunBeforeTheSessionStartsIsRefused
// | #A a list answer with a key twice ({"Code":154,"Code":0}) | ambiguous: the room is not listed; names the key             | test_streamlist missingOrWrongFieldsAreClear(Code twice, StreamId twice)
// | #A roomlists.json locked by a stopped process        | the look comes back after 250 ms, the rule kept in-process     | test_roomlister aFileLockHeldForeverBlocksNobody
// clang-format on
#include "simserver.h"
#include <engine/callrequest.h>
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <engine/roomlister.h>
#include <model/streamids.h>
#include <store/history.h>

#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("matrix-secret");

qint64 peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT
private:
    RateLimiter m_limiter{&SystemClock::shared()};

    Job *job(const QUrl &endpoint, const QStringList &ids, JobOptions o, QObject *parent)
    {
        JobTarget t;
        t.endpoint = endpoint;
        t.appId = 1234567890;
        t.secret = kSecret;
        auto *j = new Job(t, ids, o, parent);
        j->setRateLimiter(&m_limiter);
        return j;
    }

private Q_SLOTS:
    void giantBodyRefusedMemoryBounded();
    void codeSixStorm();
    void historyLockedSendsNothing();
    void hundredThousandIds();
    void roomCode154();
    void roomLimitCodeSixIsWaitedOut();
    void emptyRoomIsAnAnswer();
    void oddRoomIdsArriveIntact();
};

void TestFaultMatrix::giantBodyRefusedMemoryBounded()
{
    // The simulator in its own process, so only the client's memory is measured here.
    QProcess sim;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"CDNREC_SIM_SECRET"_qs, kSecret);
    sim.setProcessEnvironment(env);
    sim.start(QStringLiteral(CDNREC_SIM), {u"--port"_qs, u"0"_qs});
    QVERIFY(sim.waitForReadyRead(10000));
    const auto m =
        QRegularExpression(u"listening on (\\S+)"_qs).match(QString::fromUtf8(sim.readLine()));
    QVERIFY(m.hasMatch());
    const qint64 before = peakRssKb();
    QObject owner;
    Job *j = job(QUrl(m.captured(1)), {u"giant-1"_qs}, JobOptions(), &owner);
    QSignalSpy done(j, &Job::finished);
    j->start();
    QVERIFY(done.wait(60000));
    const qint64 growth = peakRssKb() - before;
    sim.kill();
    sim.waitForFinished();
    QCOMPARE(j->outcome(0).status, StreamStatus::Unknown);
    QVERIFY2(j->outcome(0).message.contains(u"larger than"_qs), qPrintable(j->outcome(0).message));
    QVERIFY2(growth < 20 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(growth)));
}

void TestFaultMatrix::codeSixStorm()
{
    SimConfig c;
    c.secret = kSecret;
    SimServer sim(c);
    QVERIFY(sim.start());
    JobOptions o;
    o.maxAttempts = 3;
    o.rateLimitedBackoffMs = 20;
    o.callsPerSecond = 20;
    QObject owner;
    Job *j = job(sim.url(), {u"busy99-a"_qs, u"b"_qs}, o, &owner);
    QSignalSpy done(j, &Job::finished);
    j->start();
    QVERIFY(done.wait(30000));
    for (const StreamOutcome &out : j->outcomes()) {
        QCOMPARE(out.status, StreamStatus::Failed);
        QCOMPARE(out.code, u"6"_qs);
        QVERIFY(out.codeIsZego); // so the console shows the advice
        QCOMPARE(out.attempts, 3);
    }
    QCOMPARE(j->callCount(), 3);
    QVERIFY(sim.gateway().stats().value(u"maxCallsInAnySecond"_qs).toInt() <= 20);
}

void TestFaultMatrix::historyLockedSendsNothing()
{
    SimConfig c;
    c.secret = kSecret;
    SimServer sim(c);
    QVERIFY(sim.start());
    QTemporaryDir dir;
    const QString file = dir.filePath(u"locked.sqlite"_qs);
    History history(file);
    History::RunInfo info;
    info.streamIds = {u"a"_qs, u"b"_qs};
    const qint64 runId = history.beginRun(info);
    QVERIFY(runId > 0);
    history.setBusyTimeoutForTesting(300);
    // Another program holds the database locked for writing.
    QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"locker"_qs);
    other.setDatabaseName(file);
    QVERIFY(other.open());
    QSqlQuery lock(other);
    QVERIFY(lock.exec(u"BEGIN EXCLUSIVE"_qs));
    auto journal = history.journal(runId);
    QObject owner;
    Job *j = job(sim.url(), {u"a"_qs, u"b"_qs}, JobOptions(), &owner);
    j->setJournal(journal.get());
    QSignalSpy done(j, &Job::finished);
    j->start();
    QVERIFY(done.wait(20000));
    QVERIFY2(j->problem().contains(u"could not record"_qs), qPrintable(j->problem()));
    QCOMPARE(sim.gateway().stats().value(u"calls"_qs).toInt(), 0);
    for (const StreamOutcome &out : j->outcomes())
        QCOMPARE(out.status, StreamStatus::Skipped);
    QSqlQuery(other).exec(u"ROLLBACK"_qs);
    other.close();
    other = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"locker"_qs);
}

void TestFaultMatrix::hundredThousandIds()
{
    QString text;
    for (int i = 0; i < 100000; ++i)
        text += QStringLiteral("room-%1_%2+x\n").arg(i % 997).arg(i); // '+' must be encoded
    const auto items = StreamIds::parse(text);
    QCOMPARE(items.size(), 100000);
    QStringList ids;
    for (const auto &item : items)
        ids.append(item.id);
    const QUrl endpoint(u"https://rtc-api.zego.im/"_qs);
    const auto batches = CallRequest::batches(endpoint, ids, 10);
    QCOMPARE(batches.size(), 10000);
    qsizetype total = 0;
    PublicParams p;
    p.appId = 4294967295U;
    p.nonce = u"0123456789abcdef"_qs;
    p.timestamp = 1700000000;
    p.signature = QString(32, u'f');
    for (const QStringList &b : batches) {
        QVERIFY(b.size() <= 10);
        total += b.size();
    }
    QVERIFY(CallRequest::url(endpoint, Vendor::Tencent, batches.back(), p).toEncoded().size() <=
            4096);
    QCOMPARE(total, 100000);
}

namespace {

// Lists rooms against the simulator with a pace and a cache of its own; the listings in order.
QList<RoomListing> listRooms(SimServer &sim, const QStringList &rooms, RoomListOptions o = {},
                             RoomListCache *sharedCache = nullptr)
{
    RateLimiter limiter(&SystemClock::shared());
    MemoryRoomListCache cache(&SystemClock::shared());
    RoomListTarget t;
    t.endpoint = sim.url();
    t.appId = sim.gateway().config().appId;
    t.secret = kSecret;
    RoomLister lister(t, o);
    lister.setRateLimiter(&limiter);
    lister.setCache(sharedCache ? sharedCache : &cache);
    QSignalSpy done(&lister, &RoomLister::finished);
    lister.list(rooms);
    if (!done.wait(60000))
        return {};
    return lister.listings();
}

SimConfig roomsConfig(int roomIntervalMs)
{
    SimConfig c;
    c.secret = kSecret;
    c.roomIntervalMs = roomIntervalMs;
    c.rooms = {{u"r154x1-once"_qs, {u"once-1"_qs}},
               {u"8842"_qs, {u"host"_qs, u"guest"_qs}},
               {u"empty"_qs, {}},
               {u"a&b=c #1 100% +x y 直播间"_qs, {u"odd-1"_qs}},
               {u"%2B%26"_qs, {u"odd-2"_qs}}};
    return c;
}

} // namespace

void TestFaultMatrix::roomCode154()
{
    SimServer sim(roomsConfig(200));
    QVERIFY(sim.start());
    RoomListOptions o;
    o.roomIntervalMs = 200;
    o.backoffBaseMs = 10;
    const QList<RoomListing> rooms = listRooms(sim, {u"r154x1-once"_qs, u"r154-always"_qs}, o);
    QCOMPARE(rooms.size(), 2);
    QCOMPARE(rooms.at(0).status, RoomListing::Status::Listed);
    QCOMPARE(rooms.at(0).streams.size(), 1);
    QCOMPARE(rooms.at(0).calls, 2);
    QCOMPARE(rooms.at(1).status, RoomListing::Status::Failed);
    QCOMPARE(rooms.at(1).code, 154);
    QVERIFY(rooms.at(1).streams.isEmpty());
    QVERIFY2(rooms.at(1).error.contains(u"154"_qs), qPrintable(rooms.at(1).error));
    // The retries kept the room's limit.
    QCOMPARE(sim.gateway().stats().value(u"roomCode6"_qs).toInt(), 0);
}

void TestFaultMatrix::roomLimitCodeSixIsWaitedOut()
{
    SimServer sim(roomsConfig(400));
    QVERIFY(sim.start());
    RoomListOptions o;
    o.roomIntervalMs = 400;
    o.backoffBaseMs = 10;
    // Another client (its own cache) asks first; this one meets the room's code 6.
    QCOMPARE(listRooms(sim, {u"8842"_qs}, o).first().status, RoomListing::Status::Listed);
    const RoomListing r = listRooms(sim, {u"8842"_qs}, o).first();
    QCOMPARE(r.status, RoomListing::Status::Listed);
    QCOMPARE(r.streams.size(), 2);
    QCOMPARE(r.calls, 2);
    QCOMPARE(sim.gateway().stats().value(u"roomCode6"_qs).toInt(), 1);
}

void TestFaultMatrix::emptyRoomIsAnAnswer()
{
    SimServer sim(roomsConfig(10000));
    QVERIFY(sim.start());
    const RoomListing r = listRooms(sim, {u"empty"_qs}).first();
    QCOMPARE(r.status, RoomListing::Status::Listed);
    QVERIFY(r.hasList());
    QVERIFY(r.streams.isEmpty());
    QVERIFY(r.error.isEmpty());
    QCOMPARE(sim.gateway().stats().value(u"calls"_qs).toInt(), 0);
}

void TestFaultMatrix::oddRoomIdsArriveIntact()
{
    SimServer sim(roomsConfig(10000));
    QVERIFY(sim.start());
    const QList<RoomListing> rooms =
        listRooms(sim, {u"a&b=c #1 100% +x y 直播间"_qs, u"%2B%26"_qs});
    QCOMPARE(rooms.size(), 2);
    QCOMPARE(rooms.at(0).status, RoomListing::Status::Listed);
    QCOMPARE(rooms.at(0).streams.value(0).streamId, u"odd-1"_qs);
    // Already percent-encoded text is a room ID too: encoded again, not decoded.
    QCOMPARE(rooms.at(1).status, RoomListing::Status::Listed);
    QCOMPARE(rooms.at(1).streams.value(0).streamId, u"odd-2"_qs);
    const QJsonObject calls = sim.gateway().stats().value(u"roomCalls"_qs).toObject();
    QCOMPARE(calls.value(u"a&b=c #1 100% +x y 直播间"_qs).toInt(), 1);
    QCOMPARE(calls.value(u"%2B%26"_qs).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "test_fault_matrix.moc"
