# suivi's English catalogue: everything a person reads.
# Ids never change; texts may be reworded freely.

## Language, dates and delays

invalid-lang = unknown language "{ $value }": fr or en
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
long-date = { $day } { $month } { $year }
when-today = today
when-in = in { $days } { $days ->
    [1] day
   *[other] days
}
when-late = { $days } { $days ->
    [1] day
   *[other] days
} late

## Words for identifiers

status-non_executee = not executed
status-en_cours = in progress
status-executee = executed
report-status-executed = Executed (1)
report-status-in_progress = In progress (2)
report-status-not_executed = Not executed (3)
activity-status-planned = planned
activity-status-executed = 1. YES
activity-status-not_executed = 2. NO
budget-line-bsi = BSI
budget-line-fonctionnement = Operating
budget-line-total = Total
credit-kind-allotted = allotted
credit-kind-notified = notified
credit-kind-engaged = engaged
credit-kind-liquidated = liquidated
role-director = director
role-cps = CPS staff
role-structure = focal point
role-reader = reader
outbox-status-pending = pending
outbox-status-sent = sent
outbox-status-dead = dead
item-kind-recommendation = Recommendation
item-kind-revue_step = Revue step
item-kind-deadline = Harmonized calendar deadline
item-kind-activity = Activity
event-RecommendationFormulated = formulation
event-RecommendationStatusChanged = status change
event-RecommendationCarriedOver = carry-over
event-RecommendationContinuedFrom = continuation
event-RecommendationReminderSent = reminder
event-ActivityPlanned = planning
event-ActivityExecuted = execution
event-ActivityNotExecuted = non-execution
event-ActivityCostRecorded = cost
event-ActivityCarriedOver = carry-over
event-ActivityContinuedFrom = continuation
event-CreditRecorded = credit
event-RevueOpened = revue opened
event-RevueStepCompleted = step completed
event-RevueReminderSent = reminder
event-DeadlineMet = deadline met
event-DeadlineReminderSent = reminder

## Histories

history-formulated = formulated: "{ $text }"; structures: { $structures }
history-formulated-due = formulated: "{ $text }"; structures: { $structures }; due: { $due }
history-status = status: { $from } → { $to }
history-recommendation-carried-over = carried over to session { $session } as no. { $number }
history-recommendation-continues = continues recommendation no. { $number } of session { $session }
history-reminder = reminder of { $day } sent to { $to }; message { $id }
history-reminder-cc = reminder of { $day } sent to { $to } (copy: { $cc }); message { $id }
history-planned = planned: "{ $title }"; budget: { $budget }
history-effective = { $change }, taking effect on { $day }
history-executed = executed
history-executed-in = executed ({ $period })
history-not-executed = not executed: { $reason }
history-cost = cost: engaged { $engaged } F CFA, liquidated { $liquidated } F CFA
history-activity-carried-over = carried over to the { $year } plan as { $code }
history-activity-continues = continues activity { $code } of the { $year } plan
history-progress = progress { $percent } % on { $day }
history-indicator = indicator: target { $target }, achieved { $achieved }

## General messages

none = none
about = { $subject }: { $message }
located = { $location }: { $message }
located-column = { $location }: column "{ $column }": { $message }
forbidden = your role does not allow this
write-conflict = another write changed the same data at the same time; run the command again
unknown-code = unknown "{ $value }"; allowed values: { $allowed }
clock-invalid = { $variable } "{ $value }" is invalid: expected YYYY-MM-DDTHH:MM:SSZ
smtp-url-invalid = SUIVI_SMTP_URL is invalid: { $error }
file-unreadable = cannot read: { $error }
file-unwritable = { $path }: cannot write ({ $error })
toml-error = { $detail }
date-invalid = date "{ $value }" is invalid: expected YYYY-MM-DD
public-url-invalid = public address “{ $value }” is invalid: an http:// or https:// address without spaces, query or fragment, e.g. “https://suivi.example.org”
email-invalid = e-mail address "{ $address }" is invalid

## Values

invalid-year = "{ $value }" is not a year (e.g. 2024)
invalid-year-range = year { $value } is outside 2000–2100
invalid-activity-code = activity code "{ $value }" is invalid: expected numbers separated by dots (e.g. 1.1.3)
invalid-structure-code = structure code "{ $value }" is invalid: letters, digits and / - _ . only
invalid-session = session "{ $value }" is invalid: letters, digits and - _ . only (e.g. 2024)
invalid-budget = budget "{ $value }" is invalid: a whole number of thousand F CFA (at most 1,000,000,000,000), "PM" or empty
invalid-months = months "{ $value }" are invalid: numbers from 1 to 12 and ranges, e.g. "1-3 6"
invalid-amount = amount "{ $value }" is invalid: a positive whole number of F CFA, at most 1,000,000,000,000,000
invalid-rate = invalid rate “{ $value }”: a percentage from 0 to 100, at most two decimals (64.71)

## Domain refusals

activity-not-found = the activity is not in this plan
activity-unknown = activity { $code } of the { $year } plan not found
activity-already-planned = activity { $code } of the { $year } plan exists with different content
activity-empty-title = an activity needs a title
activity-reason-required = the reason for non-execution is required
activity-liquidated-above-engaged = the liquidated amount ({ $liquidated }) exceeds the engaged amount ({ $engaged })
activity-carry-over-executed = an executed activity cannot be carried over
activity-carry-over-backwards = an activity can only be carried over to a later year
activity-already-carried-over = the activity was already carried over to activity { $code } of the { $year } plan
activity-already-continues = the activity already continues activity { $code } of the { $year } plan
activity-percent-above-100 = progress of { $percent } %: it goes from 0 to 100
activity-progress-backwards = progress goes back from { $from } % to { $to } %: say why in a note
activity-indicator-empty = give a target (--target), an achieved value (--achieved), or both
recommendation-not-found = the recommendation does not exist
recommendation-unknown = recommendation { $id } not found
recommendation-already-exists = recommendation { $id } exists with different content
recommendation-empty-text = a recommendation needs a text
recommendation-no-structure = a recommendation needs at least one responsible structure
recommendation-same-status = the recommendation is already "{ $status }"
recommendation-transition-not-allowed = changing from "{ $from }" to "{ $to }" is not allowed; from "{ $from }": { $allowed }
recommendation-comment-required = changing from "{ $from }" to "{ $to }" requires a comment
recommendation-evidence-required = changing from "{ $from }" to "{ $to }" requires evidence
recommendation-carry-over-executed = an executed recommendation cannot be carried over
recommendation-already-carried-over = the recommendation was already carried over to { $id }
recommendation-carry-over-to-self = a recommendation cannot be carried over to itself
recommendation-already-continues = the recommendation already continues { $id }
revue-not-found = the revue has not been opened
revue-no-such-session = session { $number } does not exist: this kind of revue meets { $sessions } time(s) a year (sessions in workflows/revues.toml)
revue-already-opened = the revue is already open
revue-unknown-step = unknown step "{ $step }"; steps of this revue: { $known }
revue-step-already-completed = step "{ $step }" is already completed
revue-kind-unknown = unknown kind of revue "{ $kind }"; known kinds: { $known }
credits-wrong-year = these credits are those of { $own }, not { $other }
deadline-already-met = the deadline was already marked met on { $day }
deadline-unknown = deadline "{ $id }" is not in the { $year } calendar; deadlines: { $known }
deadline-is-revue-step = this deadline is step "{ $step }" of revue { $kind } { $year }: suivi revue complete-step --kind { $kind } --year { $year } --step { $step }
structure-unknown = unknown structure "{ $code }"; known structures: { $known }
session-unknown = unknown session "{ $session }": no recommendations; known sessions: { $known }
session-unknown-none = unknown session "{ $session }": no recommendation recorded
session-empty-as-of = no recommendation of session "{ $session }" as of { $day }
calendar-missing = no harmonized calendar for { $year }: add config/calendar/{ $year }.toml
anchor-invalid = anchor "{ $anchor }" is invalid: expected HASH@POSITION (64 hex digits, @, an integer)
director-missing = no director in config/reminders.toml (director = …)
snapshot-year-open = year { $year } is not over: its snapshot is taken once the year is closed (31 December at 23:59:59, Bamako time)
snapshot-missing = no { $year } snapshot: suivi snapshot take --year { $year }
reminder-not-recorded = reminder sent but not recorded in the history after 5 write conflicts
reminder-reason = Reminder of { $day }

## Users and tokens

user-name-invalid = invalid user name: 1 to 64 letters without accents, digits, ".", "-", "_" or "@", not starting with a dot
password-too-short = password too short: at least 10 characters
user-structure-required = a focal point (structure role) needs a structure
user-structure-forbidden = only the structure role has a structure
user-exists = user "{ $name }" already exists
user-unknown = unknown user "{ $name }"
user-unknown-or-disabled = unknown or disabled user "{ $name }"
token-unknown = unknown or already revoked token "{ $id }"

## Integrity

chain-broken = log broken at position { $position } ({ $aggregate }): { $reason }
chain-missing = missing event(s): position { $expected } expected, { $found } found
chain-unhashed = event without a hash: written outside suivi
chain-changed = hash differs: content, metadata or order changed
chain-anchor-changed = anchor { $anchor } no longer matches this event
chain-head-mismatch = the head of the log ({ $head }) does not match the last event ({ $last }): end of the log cut or changed
chain-anchor-missing = anchor { $anchor } names a missing event: the log was cut
snapshot-broken = snapshot { $year } does not match: { $reason }
snapshot-content-changed = the content no longer matches its hash: the snapshot was changed
snapshot-head-moved = the log at 31/12 no longer ends at the same event ({ $stored } stored, { $recomputed } recomputed)
snapshot-tables-differ = the tables recomputed from the events differ from the snapshot

## Imported files

import-errors = { $lines }
    Nothing was imported.
import-errors-more = { $lines }
    … and { $more } more error(s), not listed
    Nothing was imported.
import-too-many-rows = more than { $max } rows: an imported file has at most { $max }; nothing beyond was read
import-too-many-columns = a cell beyond column { $max }: an imported file has at most { $max } columns; clear or delete the extra columns
import-workbook-too-large = the workbook takes { $mib } MiB once uncompressed, more than the { $max } MiB allowed; keep only the sheet to import
import-not-utf8 = the file is not UTF-8; in Excel, save it as "CSV UTF-8"
import-format-unknown = format "{ $ext }" is not supported: .csv or .xlsx files only
import-csv-unreadable = unreadable CSV: { $error }
import-workbook-unreadable = unreadable workbook: { $error }
import-workbook-empty = the workbook has no sheet
import-empty = the file is empty: a header line is needed
import-header-unknown = unknown header; allowed headers: { $known }
import-header-separator = unknown header (the separator must be ";" or ","); allowed headers: { $known }
import-column-missing = required column missing; headers found: { $found }
import-title-empty = the activity's title is empty
import-code-twice = code { $code } used twice: already on line { $first } for year { $year }
import-no-activity = no activity in the file
import-number-invalid = number "{ $value }" is invalid: a whole number from 1
import-number-twice = number { $number } used twice: already on line { $first }
import-date-invalid = date "{ $value }" is invalid: YYYY-MM-DD or DD/MM/YYYY

## Configuration

template-invalid = invalid template: { $detail }

config-year-close-invalid = year_close "{ $value }": a day of the next year written MM-DD ("02-15" for 15 February), not 29 February
config-cps-invalid = invalid CPS code "{ $code }" (cps = …)
structure-twice = structure "{ $code }" declared twice
calendar-wrong-year = year { $found } in the file of { $year }
calendar-deadline-twice = deadline "{ $id }" declared twice
calendar-window-backwards = the end of the period comes before its start
calendar-date-or-window = deadline "{ $id }": give either "date", or "from" and "to"
calendar-revue-and-step = deadline "{ $id }": "revue" and "step" go together
calendar-no-structure = deadline "{ $id }": at least one structure
calendar-session-needs-revue = deadline “{ $id }”: session (from 1) goes with revue and step
calendar-source-or-estimated = deadline “{ $id }”: give either source = "…" (the document and page the date comes from) or estimated = true
cron-invalid = cron expression "{ $value }" is invalid ({ $error }); e.g. "0 0 8 * * Mon-Fri"
workflow-self-transition = change from { $from } to itself
workflow-transition-twice = change from { $from } to { $to } declared twice
workflow-identifier-invalid = { $what } "{ $value }" is invalid: lower case letters, digits and _ only
workflow-what-kind = kind of revue
workflow-what-step = step
workflow-step-twice = step "{ $step }" declared twice
workflow-deadline-invalid = deadline "{ $value }" is invalid: expected "MM-DD", e.g. "04-30"
workflow-default-due-invalid = default deadline "{ $value }" is invalid: expected "MM-DD" in the session's year, e.g. "12-31", or "aucune"
workflow-sessions-invalid = sessions = { $value }: from 1 to 12 a year
workflow-kind-twice = kind of revue "{ $kind }" declared twice

## Report tables

table3-title = Table 3: Execution of the activities of the { $year } action plan
table3-summary = Of { $planned } planned activities, { $executed } were executed and { $not_executed } were not: an execution rate of { $rate }.
    Total cost of the activities: { $total } thousand F CFA ({ $budgeted } with an amount, the others PM).
table4-title = Table 4: Execution of the recommendations of session { $session }
table4-summary = Of the { $total } recommendations of session { $session }: { $executed } executed, { $in_progress } in progress, { $not_executed } not executed.
finances-title = Financial execution { $year } (F CFA)
finances-rate = Execution rate (engaged / notified): { $rate }
table-plain = { $value }
table-estimated-value = { $value } *
table-estimated-legend = * estimated amount: worked out or assumed, not read in a document.
table-total = TOTAL
table-progress = { $percent }% on { $day }
table-percent = { $percent }%
col-note = NOTE
col-code = CODE
col-objectives = OBJECTIVES
col-results = RESULTS
col-activities = ACTIVITIES
col-budget = BUDGET (thousand F CFA)
col-executed-yes-no = EXECUTED 1. YES; 2. NO
col-period = PERIOD OF EXECUTION
col-observations = OBSERVATIONS
col-number = No.
col-recommendations = RECOMMENDATIONS
col-structures = RESPONSIBLE STRUCTURES
col-structure = STRUCTURE
deadline-default = { $date } (default deadline)
deadline-estimated = { $date } (estimated date)
col-due = DUE
col-source = SOURCE
col-executed-1 = Executed (1)
col-in-progress-2 = In progress (2)
col-not-executed-3 = Not executed (3)
col-line = LINE
col-allotted = ALLOTTED (arbitration)
col-notified = NOTIFIED
col-engaged = ENGAGED
col-liquidated = LIQUIDATED
col-at = DATE AND TIME (Bamako)
col-ref = REF.
col-actor = ACTOR
col-change = CHANGE
col-comment = COMMENT
col-evidence = EVIDENCE
col-reason = REASON
col-day = DAY
col-status = STATUS
col-attempts = ATTEMPTS
col-recipients = RECIPIENTS
col-last-error = LAST ERROR
col-deadline = DEADLINE
col-date = DATE
col-working-day = WORKING DAY
provenance-now = As of { $day } at { $time } (Bamako time)
provenance-as-of = As of { $day }, by the dates of the facts
provenance-recorded-by = As of { $day }, by the dates of the facts, from the event log as it stood at the end of { $read }
provenance-log = Computed from the event log up to event no. { $position } (fingerprint { $hash }…)
xlsx-planned = Planned activities
xlsx-executed = Executed activities
xlsx-rate = Execution rate
xlsx-total-cost = Total cost (thousand F CFA)
xlsx-total = Total
xlsx-recommendations-executed = Executed
xlsx-recommendations-in-progress = In progress
xlsx-recommendations-not-executed = Not executed
xlsx-finances-rate = Execution rate (engaged / notified)
progress-title = Progress of the { $year } action plan, quarter { $quarter }, as of { $day }
progress-summary = { $late } late, { $on_track } on track, { $done } done, { $not_executed } not executed.
progress-late = { $status }, LATE
progress-late-mark = late
progress-status-planned = not started
progress-status-in_progress = in progress
progress-status-executed = done
progress-status-not_executed = not executed
moment = { $day } at { $time }
months-range = { $from } to { $to }
months-estimated = { $months } (estimated)
sheet-progress-objectives = Progress { $year } by objective
sheet-progress-units = Progress { $year } by unit
sheet-progress = Progress { $year }
col-months = MONTHS
col-progress = PROGRESS
col-unit = UNIT
col-count = ACTIVITIES
col-late = LATE
col-on-track = ON TRACK
col-done = DONE
col-not-executed = NOT EXECUTED
indicator-target = target: { $value }
indicator-achieved = achieved: { $value }
page-year-closing = { $year } is being closed: what is recorded before { $day } still counts for it; its snapshot will be taken that day.
page-effective-date = Effective date (empty: today)
page-date-invalid = The date must be written YYYY-MM-DD.
page-progress = Progress
page-quarter = Quarter
page-responsible = Responsible
page-months = Months
page-late = late
page-late-n = Late
page-progress-note = What was done
page-by-unit = By responsible unit
page-by-objective = By objective
page-count = Activities
page-on-track = On track
page-done = Done
page-not-executed = Not executed
page-plan-xlsx = Action plan (XLSX)
page-late-activities = Late activities
page-see-progress = See the plan's progress
page-indicator = Indicator
page-target = Target
page-achieved = Achieved
page-engaged = Engaged (F CFA)
page-liquidated = Liquidated (F CFA)
page-cost-total = Total of the activities' costs
col-indicators = INDICATORS
finances-activity_costs = Costs recorded on the activities
finances-difference = Difference (credits − activities)
plan-title = { $year } action plan
plan-estimated-months = e: estimated months, which the plan does not give.
sheet-plan = Plan { $year }
sheet-activities = Activities { $year }
sheet-recommendations = Recommendations { $session }
sheet-finances = Finances { $year }
activity-lineage-status-planned = planned
activity-lineage-status-executed = executed
activity-lineage-status-not_executed = not executed

## Reminders

item-action-recommendation = tell the CPS/SCI how far it is executed (executed or in progress), with the reference of the evidence.
item-action-deadline = send the expected document or data to the CPS/SCI before the deadline.
item-action-activity = record how far the activity has come (in %) in suivi, or report it done, before the end of its last planned month.
item-recommendation-reference = no. { $number } of session { $session }
item-activity-reference = { $code } of the { $year } action plan
item-window = { $text } (from { $from } to { $to })
anchor-mail-subject = Anchor of the suivi log – position { $position }
anchor-mail-text = Anchor of the { $cps } suivi log as of { $at }:

    { $anchor }

    Keep this message: the command "suivi audit verify --anchor { $anchor }" checks that the history recorded up to this position was not changed.
anchor-mail-html = <p>Anchor of the { $cps } suivi log as of { $at }:</p><p><code>{ $anchor }</code></p><p>Keep this message: <code>suivi audit verify --anchor { $anchor }</code> checks that the history recorded up to this position was not changed.</p>
ics-name = suivi – deadlines { $code }
ics-summary-numbered = { $kind } { $reference }: { $text }
ics-summary = { $kind }: { $text }
ics-description = { $name } ({ $code }) – due on { $deadline }

## Command line

cli-unknown-actor = unknown
cli-error = Error:
cli-conflict = Conflict:
cli-integrity = Integrity:
cli-failure = Failure:
cli-option-hint = (option --{ $option })
cli-not-in-script = "serve" and "demo" cannot run from a demo script
cli-nothing-to-change = Nothing to change: already recorded.
cli-recorded = Recorded ({ $events } event(s)).
cli-what-activities = activities
cli-what-recommendations = recommendations
cli-import-nothing-new = Nothing new: the file's { $rows } { $what } were already recorded.
cli-imported = { $rows } { $what } imported ({ $events } events recorded).
cli-activity-carried-over = Carried over as activity { $code } of the { $year } plan.
cli-revue-opened = Revue { $revue } opened.
cli-revue-line = { $label } { $year } — session { $session } ({ $count } recommendation(s))
cli-step-line = {"  "}- { $step } [due { $deadline }]: { $done }
cli-step-done = completed on { $date }
cli-step-done-document = completed on { $date } ({ $document })
cli-step-to-do = to do
cli-no-revue = No revue for this year.
cli-events = events
cli-rebuilt = Projections rebuilt from { $events } events.
cli-file-written = File written: { $path }
cli-xlsx-needs-output = --format xlsx writes a workbook: name it
cli-history-of = History of { $reference }
cli-lineage = Lineage: { $lineage }
cli-open-since-session = Open since session { $since }
cli-open-since-plan = Open since the { $since } plan
cli-chain-intact = Log intact: { $events } events; head { $head }.
cli-anchor-sent = Sent to the director ({ $sent } sent, { $retried } to retry).
cli-snapshot-taken = Snapshot { $year } taken: as of { $as_of }, log { $head }.
cli-snapshot-exists = The { $year } snapshot already exists (taken on { $day } by { $by }); it is never retaken.
cli-no-snapshot = No snapshot.
cli-snapshot-heading = Snapshot { $year } — as of { $as_of } — { $head }
cli-adjustments = Adjustments recorded after the close (not included):
cli-snapshot-intact = Snapshot { $year } matches the events.
cli-no-reminder = No reminder on { $day }.
cli-reminders-run = Reminders of { $day }: { $queued } message(s) queued; { $sent } sent, { $retried } to retry, { $dead } dead ({ $transport }).
cli-reminders-retried = { $count ->
    [0] No dead letter to queue again.
    [one] 1 message queued again: it goes out at the next delivery pass.
   *[other] { $count } messages queued again: they go out at the next delivery pass.
}
cli-calendar-title = Harmonized calendar { $year }
cli-user-added = User "{ $name }" added ({ $role }).
cli-disabled = (disabled)
cli-user-disabled = User "{ $name }" disabled.
cli-token-created = { $token }
    (id { $id }; this token is shown once, only its hash is kept)
cli-token-revoked = Token { $id } revoked.
demo-script-unreadable = { $path }: cannot read ({ $error }); run the demo from the repository root
demo-database-not-empty = the demo database is not empty: give a fresh one with --database
demo-date-invalid = { $location }: invalid date "{ $value }" (YYYY-MM-DDTHH:MM:SSZ)
demo-unclosed-quote = { $location }: unclosed quotes
demo-done = Demo database: { $database }
    Try: suivi --database { $database } report recommendations --session 2024 --format json
transport-smtp = SMTP
transport-files = .eml files in { $dir }

## API

api-unauthorized = authentication required: token (Authorization: Bearer …) or session
api-internal = internal error; it is logged on the server
api-unknown-path = unknown address; see /api/openapi.json

## Pages

page-dashboard = Dashboard
page-activities = Activities
page-recommendations = Recommendations
page-logout = Log out
page-login = Log in
page-user_name = User name
page-password = Password
page-execution_rate = Execution rate of the plan
page-executed_of_planned = activities executed out of planned
page-session = session
page-see_table = See the table
page-overdue = Overdue
page-next_deadlines = Next deadlines
page-item = Item
page-deadline = Deadline
page-days_late = Days late
page-structures = Responsible structures
page-none = Nothing for now.
page-table3 = Table 3: Execution of the activities of the action plan
page-table4 = Table 4: Execution of the recommendations of session
page-code = Code
page-activity = Activity
page-budget = Budget (thousand F CFA)
page-executed = Executed
page-period = Period
page-observations = Observations
page-change = Change
page-yes = YES
page-no = NO
page-period_or_reason = period or reason
page-save = Save
page-number = No.
page-recommendation = Recommendation
page-status = Status
page-in_progress = In progress
page-executed_rec = Executed
page-not_executed_rec = Not executed
page-executed_n = executed
page-in_progress_n = in progress
page-not_executed_n = not executed
page-comment = Comment
page-evidence = Evidence
page-reason = Reason
page-lineage = Lineage
page-open_since = Open since session
page-history = History
page-calendar_feed = Calendar subscription
page-items = To follow up
page-situation = Situation
page-internal = Internal error; it is logged.
page-forbidden = Your role does not open this page.
page-form-expired = Form expired: reload the page.
page-wrong-password = Wrong name or password.
page-no-plan = No plan recorded.
page-no-recommendation = No recommendation recorded.
page-no-such-file = Unknown file: { $file }
page-year-required = the year is required
page-session-required = the session is required
chart-rates-label = execution rate by year
chart-status-label = recommendations by status
chart-objectives-label = execution rate by objective
chart-finances-label = financial execution by budget line
chart-executed = Executed
chart-in-progress = In progress
chart-not-executed = Not executed
outbox-unknown = no message number { $id } in the outbox
outbox-not-dead = message number { $id } is “{ $status }”: only dead letters can be sent again
api-csrf-required = a change through the API from a web session must carry the session's token in the X-CSRF-Token header (or use an API token: Authorization: Bearer …)
api-json-content-type = the body must be JSON, sent with the header Content-Type: application/json
api-json-invalid = the JSON body does not match the expected fields: { $detail }
api-json-unreadable = the body is not readable JSON: { $detail }
api-body-too-large = the request body is larger than allowed (see [http] in suivi.toml)
api-csv-content-type = the file must be sent as CSV, with the header Content-Type: text/csv
api-csv-unreadable = the file is not readable UTF-8 text
login-too-many = Too many failed login attempts: try again in { $minutes } minute(s), or ask the administrator to check your account.
page-login-needs-https = Cannot log in over plain HTTP from another machine: the browser will not keep the session cookie, which is reserved to secure connections. Open suivi over https:// (certificate and key in the [http] section of suivi.toml, or an HTTPS reverse proxy in front of suivi), or from the server machine itself at http://127.0.0.1.
text-too-long = text too long: { $length } characters, at most { $max }
workflow-kind-too-long = revue kind “{ $value }” too long: at most { $max } characters (it names the sessions, “kind-year”)
col-token = TOKEN
col-user = USER
col-label = LABEL
col-scope = SCOPE
col-expires = EXPIRES
col-last-used = LAST USED
col-state = STATE
token-scope-api = API
token-scope-feed = calendar (.ics)
token-state-live = live
token-state-expired = expired
token-state-revoked = revoked
token-expiry-past = the expiry date has already passed
total-overflow = a total is too large to be computed: check the amounts entered
file-exists = { $file } already exists: choose another name (nothing is overwritten)
log-import-not-empty = the database already holds events: a log is loaded into an empty database only (create a new one)
log-import-malformed = { $file }:{ $line }: not a readable suivi log ({ $error })
log-import-version = { $file }: a log of format { $version }; this version of suivi reads format { $supported }
log-import-truncated = { $file }: the file stops at line { $line }, before its last line (truncated?); nothing was loaded
log-import-broken = { $file }:{ $line }: the hash chain breaks at position { $position } (file changed?); nothing was loaded
backup-postgres = the database is PostgreSQL: back it up with pg_dump (see the README, "Operating suivi"), or export the log with "suivi log export"
cli-log-exported = Log written to { $file }: { $events } event(s), { $snapshots } year-end snapshot(s), head { $head }.
cli-log-imported = Log { $file } loaded and verified: { $events } event(s), { $snapshots } year-end snapshot(s), head { $head }; tables rebuilt.
cli-backup-done = Copy of the database written to { $file }.
api-path-invalid = invalid path: { $detail }
api-query-invalid = invalid query parameter: { $detail }
section-introduction = Introduction
section-missions = Missions and remit
section-organisation = Organisation
section-ressources_humaines = Human resources
section-ressources_materielles = Material resources
section-difficultes = Difficulties
section-perspectives = Outlook
section-conclusion = Conclusion
section-written = written ({ $versions ->
    [one] { $versions } version
   *[other] { $versions } versions
})
section-missing = to be written
section-placeholder = [Section "{ $section }" of the { $year } report to be written]
report-section-empty = the section is empty
col-section = SECTION
col-start = START OF THE TEXT
cli-section-written = Section "{ $section }" of the { $year } report: { $events ->
    [0] same text, nothing changed
   *[other] version { $versions } recorded
}.
unplanned-empty-title = the activity's title is empty
cli-unplanned-added = Unplanned activity no. { $number } of { $year } recorded: { $title }. It does not count in the plan's execution rate.
history-narrative = narrative of the activity written for the report
activity-empty-narrative = the activity's narrative is empty
import-cell-empty = the cell is empty
import-count-invalid = invalid number “{ $value }”: a whole number from 0 to 100,000
annex-empty = the table has no row
reference-no-figure = no figure given: --execution-rate, --financial-rate or both
reference-no-source = the figures' source is missing (the document and page)

annual-title = Activity report { $year } and action plan { $next }
annual-toc = Contents
annual-tables = List of tables
annual-charts = List of charts
annual-acronyms = Acronyms and abbreviations
annual-col-acronym = ACRONYM
annual-col-meaning = MEANING
annual-introduction = Introduction
annual-chapter-1 = Chapter I: Presentation of the { $cps } and action plan { $year }
annual-missions = 1.1. Missions and duties of the CPS
annual-organisation = 1.2. Organisation and functioning
annual-resources = 1.3. Human, material and financial resources
annual-human = 1.3.1. Human resources
annual-material = 1.3.2. Material resources and premises
annual-financial = 1.3.3. Financial resources
annual-plan = 1.4. Action plan { $year } and its execution
annual-previous = 1.5. Execution of the previous session's recommendations
annual-chapter-2 = Chapter II: Physical and financial execution of the activities of { $year }
annual-physical = 2.1. Physical execution of the activities
annual-numbered = { $number }. { $title }
annual-unplanned = Other activities carried out (not planned)
annual-financial-execution = 2.2. Financial execution of the activities in { $year }
annual-difficulties = 2.3. Difficulties
annual-perspectives = 2.4. Outlook
annual-chapter-3 = Chapter III: Action plan { $next }
annual-objectives = 3.1. Objectives
annual-financing = 3.2. Financing of the activities of { $next }
annual-activities = 3.3. Activities
annual-conclusion = Conclusion and recommendations
annual-plan-heading = Action plan { $next }
annual-annexes = Annexes
annual-annex-bsi = Projects of the sector presented to the budget arbitration (BSI) { $next }
annual-annex-staff = Staff list of the { $cps }
annual-annex-meetings = Meetings, trainings and workshops attended by the { $cps } in { $year }
annual-annex-adjustments = Adjustments recorded after the close of { $year }
annual-annex-missing = [Annex not imported: suivi report annex import FILE --year { $year } --kind { $kind }]
annual-provenance = Where the figures come from
annual-table-1 = Table 1: Vehicles of the { $cps } by type and condition
annual-table-2 = Table 2: IT equipment of the { $cps } by type and condition
annual-table-3 = Table 3: Execution of the activities of the action plan { $year }
annual-table-4 = Table 4: Execution of the previous recommendations
annual-table-5 = Table 5: Recommendations made
annual-table-6 = Table 6: Action plan { $next }
annual-chart-1 = Chart 1: Execution rate of the activities of { $year } by objective
annual-chart-2 = Chart 2: Recommendations of the previous session by status
annual-chart-3 = Chart 3: Financial execution { $year } by budget line (F CFA)
annual-source = Source: { $cps }
annual-source-estimated-months = Source: { $cps }. e: estimated months, which the plan does not give.
annual-session = Session: { $session }
annual-staff = According to the staff list (in annex), the { $cps } has { $total } staff members, { $contractual } of them under contract.
annual-staff-missing = [Staff list { $year } not imported: suivi report annex import FILE --year { $year } --kind personnel]
annual-inventory-missing = [Inventory { $year } not imported: suivi inventory import FILE --year { $year }]
annual-credits-missing = [Credits { $year } not recorded: suivi finance record --year { $year } …]
annual-allotted = The budget allotted at the arbitration for { $year } is { $total } F CFA: { $bsi } F CFA of special investment budget (BSI) and { $operating } F CFA of operating budget.
annual-notified = The notified credit is { $total } F CFA: { $bsi } F CFA of BSI and { $operating } F CFA of operating budget.
annual-execution = Of the { $planned } activities planned in the action plan { $year }, the Cell carried out { $executed }, an execution rate of { $rate }{ $compare }.
annual-compare = {" "}against { $rate } in { $year } ({ $source })
annual-from-snapshot = year-end snapshot { $hash }
annual-unplanned-mention = The Cell also carried out { $count } unplanned activities, presented in chapter II; they do not count in this rate.
annual-previous-missing = [No recommendation recorded for the sessions of { $year }]
annual-unplanned-none = No unplanned activity was recorded.
annual-unplanned-note = Besides the planned activities, the Cell carried out the following; they do not count in the plan's execution rate.
annual-financial-text = The notified credit for { $year } is { $notified } F CFA. The engaged credit is { $engaged } F CFA and the liquidated credit { $liquidated } F CFA, an execution rate (engaged over notified) of { $rate }{ $compare }.
annual-next-plan-missing = [The action plan { $next } is not imported yet: suivi plan import FILE --year { $next }]
annual-next-allotted = The budget allotted at the arbitration for { $year } is { $total } F CFA.
annual-next-credits-missing = The credits of { $year } are not recorded yet.
annual-plan-cost = The planned activities cost { $total } thousand F CFA in all, for { $budgeted } costed activities out of { $planned }; the others are pro memoria (PM).
annual-indicator = Indicator: { $indicator }
annual-formulated-missing = [No recommendation recorded for the sessions of { $next }]
annual-carried = carried over from session { $session } (no. { $number })
annual-new = new
annual-plan-total = TOTAL COST OF THE ACTIVITIES (thousand F CFA)
annual-no-adjustment = No change was recorded after the close of { $year }.
annual-provenance-head = This document was produced by suivi from the event log, up to event no. { $position } recorded on { $at } (Bamako time), with chain hash { $hash }.
annual-provenance-snapshot = The tables of { $year } come from the year-end snapshot with hash { $hash }, taken on { $taken }; changes recorded after the close are listed above.
annual-provenance-now = There is no year-end snapshot of { $year } yet: the tables give the situation at that event.
annual-written = Document written: { $path }
col-equipment = EQUIPMENT
col-good = Good
col-fair = Fair
col-poor = Poor
col-quantity = QUANTITY
col-responsible = RESPONSIBLE
col-origin = ORIGIN
col-ministry = MINISTRY
col-title = TITLE
col-name = NAME
col-corps = GRADE
col-function = FUNCTION
col-staff-status = STATUS
col-organiser = ORGANISERS
col-place = PLACE
col-theme = SUBJECT
col-dates = DATES
report-month-invalid = invalid month “{ $value }”: from 1 (January) to 12 (December)
progress-percent-invalid = “{ $value }” is not a percentage: a whole number from 0 to 100
progress-date-outside = progress dated { $day }: the date goes from { $first } (the plan's start) to today, { $today }
effective-date-future = { $day } is in the future: a fact is dated today, { $today }, at the latest
effective-date-before = { $day } is before { $first }, the start of the plan's or session's year
effective-before-previous = dated { $day }, it would come before the previous fact, dated { $previous }: the tables read facts in the order of their dates
invalid-quarter = quarter { $value } does not exist: 1, 2, 3 or 4
annual-no-plan = no action plan is recorded for { $year }: import it first (suivi plan import FILE --year { $year })
cli-annex-imported = { $annex } { $year }: { $rows } row(s) imported ({ $events ->
    [0] same as the previous import, nothing changed
   *[other] { $events } event recorded
}).
annex-inventaire = Equipment (Tables 1 and 2)
annex-personnel = Staff list
annex-reunions = Meetings, trainings and workshops
annex-projets_bsi = Projects presented to the BSI arbitration
page-annual = Annual report
page-annual-preview = Report preview
page-annual-docx = Download (Word)
page-annual-html = Download (HTML page)
page-annual-sections = Written sections
page-annual-edit = Edit the text (Markdown)
page-annual-reason = Reason for the change (optional)
page-annual-markdown = Markdown: a blank line between paragraphs, “-” at the start of a line for a list, **bold**, *italic*.
page-annual-history = Version history
annual-no-objective = Activities with no objective given
finances-estimated = * estimated amount: worked out or assumed, not read in a document.
annual-estimated = Estimated amounts (worked out or assumed, not read in a document): { $list }.
annual-estimated-mark = estimated
structure-unknown-suggest = unknown structure “{ $code }” (did you mean { $suggestions }?); known structures: { $known }
structure-parent-unknown = unknown parent structure “{ $code }”: it must be in the directory
import-yes-no = “{ $value }” is neither “oui” nor “non”
import-months-disagree = the mois column (“{ $written }”) and the chronogramme (months { $marked }) disagree: keep one of them
page-error-not-found = Page not found
page-error-forbidden = Access denied
page-error-too-many = Too many attempts
page-error-internal = Internal error
page-error-refused = Request refused
page-not-found = This page does not exist. Go back to the dashboard from the menu.
page-recorded = { $subject }: { $what }.
page-recorded-on = { $subject }: { $what }, taking effect on { $day }.
page-done-executed = execution recorded
page-done-not-executed = non-execution recorded
page-done-cost = costs recorded
page-done-carried-over = carry-over recorded
page-done-status = new status recorded
page-done-progress = progress recorded
page-done-indicator = indicator recorded
page-done-section = text recorded
raw = { $value }
amount-invalid = amount "{ $value }" is not valid: a whole number of F CFA, without a decimal point
year-invalid = year "{ $value }" is not valid: four digits, e.g. 2024
page-record = Record
page-record-executed = Executed
page-record-not-executed = Not executed
page-record-cost = Costs
page-record-carry-over = Carry over
page-reason-not-executed = Why it was not executed
page-observation = Observation
page-to-year = Plan of the year
page-to-code = Code in that plan (empty: the same)
page-carried-to = Carried over: { $to }
page-closed = Closed: it no longer changes here.
page-year = Year
page-show = Show
page-current-status = Current status: { $status }
page-activity-history = History of the activity
upload-gone = this file is no longer kept (it is for { $minutes } minutes): upload it again
import-kind-plan = A year's action plan (PTA)
import-kind-recommendations = A session's recommendations
page-imports = Import a file
page-imports-help = The action plan, a session's recommendations or an annex of the report, as Excel saves them (CSV or an XLSX workbook, first sheet). You will see what will be recorded before you confirm; nothing is recorded before.
page-import-kind = What the file holds
page-import-target = Year (or session, for recommendations)
page-import-file = File (.csv or .xlsx)
page-import-limits = At most { $mib } MiB and { $rows } rows; the headers expected are those of the example files.
page-import-preview = Import preview
page-import-no-file = Choose the file to import.
page-import-too-large = The file is larger than { $mib } MiB: import a smaller one (only the sheet that matters, without pictures).
page-import-unreadable = The upload failed: send the file again.
page-import-problems = The file cannot be imported as it is:
page-import-more = … and { $more } more problem(s), not listed: fix these first.
page-import-nothing = Nothing was recorded. Fix the file, then upload it again.
page-import-nothing-new = Everything in this file is already recorded: there is nothing to add.
page-import-summary = { $rows } row(s) read; confirming records { $events } change(s), all at once.
page-import-confirm = Confirm and record
page-import-other = Import another file
page-import-read = Rows read
page-import-line = Line
page-import-changed = What the import would record has changed since your preview (someone recorded in between): here is the preview as it now stands. Confirm again if it suits you.
page-import-done = Import recorded: { $rows } row(s), { $events } change(s).
page-all-items = Everything to follow
page-finances = Financial execution
page-revues = Revues and calendar
page-credit-done = { $line }, { $kind }: { $amount } F CFA recorded, taking effect on { $day }
page-revue-opened = { $revue }: revue opened
page-step-done = Step "{ $step }" completed on { $day }
page-deadline-done = Deadline met on { $day }
page-credit-record = Record a credit
page-budget-line = Budget line
page-credit-kind = Stage
page-amount = Amount (F CFA)
page-estimated = Estimated (worked out, not read in a document)
page-revues-of = Revues of the year
page-revue-open = Open a revue
page-revue-kind = Kind of revue
page-revue-number = Session of the year
page-step = Step
page-completed-on = Completed on
page-document = Document or reference
page-step-complete = Complete
page-calendar = Harmonized calendar
page-source = Source
page-met = met
page-by-step = met when the revue step is completed
page-deadline-meet = Met
page-session-recommendations = recommendations of the session
page-done-added = recommendation added
page-add-recommendation = Add a recommendation to the session
page-carry-over-to = Carry over to session
page-to-number = Number in that session
page-new-text = New wording (optional)
page-record-carry-over-rec = Carry over
page-structures-help = Codes, names or acronyms, separated by commas or "et" (MAECI et MMEIA)
page-due = Deadline (empty: the default one)
page-text = Text
page-other-session = Another (new) session:
account-already-disabled = the account "{ $name }" is already disabled
account-not-disabled = the account "{ $name }" is not disabled
account-unchanged = nothing changes for "{ $name }"
link-invalid = this link is no longer valid (it is for { $hours } hours, once): ask the CPS director for another one
password-wrong = the current password is not this one
password-mismatch = the two passwords differ
cli-user-enabled = User "{ $name }" enabled again.
account-link = Link for { $name } (valid until { $expires }, once): { $link }
account-link-mailed = Also sent to { $to } through the outbox.
mail-invitation-subject = { $cps } – your access to suivi
mail-invitation-body = Dear Sir or Madam,

    The { $cps } opens you an access to suivi as "{ $name }". To choose your password, open this link (valid { $hours } hours, once):

    { $link }

    If you did not expect this message, ignore it.
mail-reset-subject = { $cps } – a new password for suivi
mail-reset-body = Dear Sir or Madam,

    A new password was asked for your access to suivi ("{ $name }"). To choose it, open this link (valid { $hours } hours, once):

    { $link }

    If you asked for nothing, ignore this message: your current password stays valid.
page-users = Users
page-role = Role
page-email = E-mail address
page-structure-of-focal-point = Structure (focal point only)
page-reset-password = Link for a new password
page-enable = Enable
page-disable = Disable
page-disabled = disabled
page-pending = invited, no password chosen yet
page-active = active
page-invite = Invite someone
page-link-for = Link for
page-link-until = valid until
page-link-mailed = Also sent through the outbox to
page-link-not-mailed = Not sent (no address, or no public_url in config/reminders.toml): pass it on yourself.
page-link-once = It works once and is not shown again.
page-account-changed = Account "{ $name }" changed; its open sessions are closed.
page-welcome = Choose your password
page-welcome-invited = You are invited to use suivi as
page-welcome-reset = New password for
page-new-password = New password (at least 10 characters)
page-confirm-password = The same, once more
page-password-mismatch = The two passwords differ.
page-password-chosen = Password recorded for "{ $name }": log in.
page-account = My account
page-change-password = Change my password
page-current-password = Current password
page-password-changed = Password changed.
page-tokens = Access tokens
page-token-once = Here is the token: copy it now, it will not be shown again.
page-feed-url = Subscription address (Outlook, Thunderbird): copy it as it is.
page-token-scope = For
page-token-feed = my structure's calendar (subscription)
page-token-api = the API (programs)
page-token-label = Label
page-token-create = Create a token
page-audit = Audit
page-anchor = Head of the log (anchor)
page-anchor-help = Keep this anchor outside the database (an e-mail, a register): it later proves that nothing up to it was rewritten.
page-anchor-kept = Anchor kept (optional)
page-verify = Verify
page-snapshots = Year-end snapshots
page-snapshot-as-of = As of
page-snapshot-taken-at = Taken on
page-snapshot-head = Last event
page-close-year = Close the year
page-close-year-help = Close now, before the closing day: the snapshot takes what is recorded at this moment.
page-snapshot-taken = Year { $year } closed: its snapshot is taken.
page-outbox = Messages
page-outbox-dead = dead letters
page-outbox-retry = Send again
page-outbox-retry-all = Send every dead letter again
page-outbox-day = Day
page-outbox-to = To
page-outbox-subject = Subject
page-outbox-requeued = { $count } message(s) queued again.
page-unplanned = Activities carried out without being planned
page-unplanned-title = Activity
page-unplanned-added = Unplanned activity added: { $title }
page-annexes = Annexes of the report
page-annex = Annex
page-annex-rows = row(s)
page-annex-missing = not imported yet
page-annex-import = Import the file
page-reference = Figures of the year
page-financial-rate = Financial execution rate
page-reference-recorded = Figures of { $year } recorded
account-own = you cannot disable your own account nor take the director's role from it: ask another director
account-disabled-no-link = the account "{ $name }" is disabled: enable it first
page-narrative = Narrative for the yearly report (Markdown: what was done, how, with whom)
page-done-narrative = narrative recorded
