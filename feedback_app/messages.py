"""User-facing messages raised by services, kept in one place so they can be translated."""

IDEA_TOO_SHORT = "An idea needs at least {min} characters."
IDEA_TOO_LONG = "An idea can have at most {max} characters."
IDEA_CONTROL_CHARS = "The idea contains control characters; please retype it."
IDEA_NOT_FOUND = "This idea does not exist."
IDEA_NOT_YOURS = "You can only change your own ideas."
IDEAS_CLOSED = "New ideas are not being collected right now."
EDITS_CLOSED = "Ideas can only be changed while ideas are being collected."
VOTING_CLOSED = "Voting is not open right now."
SELF_VOTE = "In this session you vote for other people's ideas, not your own."
VOTE_IN_PAIRS = "This session votes in pairs: choose between two ideas at a time."
DOTS_SPENT = "You have used all {budget} of your dots; take one back to move it."
DOTS_CAPPED = "An idea can take at most {cap} of your dots."
STARS_INVALID = "Give 1 to 5 stars."
DOTS_INVALID = "A whole number of dots from 1 to {max}."
BALLOT_CARD_NEEDED = "This session uses ballot cards: type the code printed on your card."
BALLOT_CARD_USED = "This ballot card has already been used."
BALLOT_COUNT_INVALID = "Make from 1 to {max} cards at a time."
MIN_GROUP_RANGE = "The smallest group shown must be a whole number from {low} to {high}."
COMMENT_CONTROL_CHARS = "The comment contains control characters; please retype it."
COMMENT_LENGTH = "A comment needs {min} to {max} characters."
COMMENT_AWAITING_APPROVAL = "Thanks! Your comment will appear once the facilitator approves it."
FORM_EXPIRED = "The form had expired. Reload the page and try again."
COMMENT_NOT_FOUND = "This comment does not exist."
PARTICIPANT_NOT_FOUND = "This participant does not exist."
COMMENTS_CLOSED = "Comments are open while ideas are collected and voted on."
FOLLOW_UP_NOT_FINISHED = "A follow-up starts from the results: move this session to Results first."
FOLLOW_UP_NO_IDEAS = "This session has no visible ideas to carry over."
FOLLOW_UP_TOP_INVALID = "Carry over from 1 to {max} of the top ideas."
NOT_PAIRWISE = "This session does not vote in pairs."
PAIR_INVALID = "Choose between two different ideas."
PAIR_JUDGED = "You have already chosen between these two ideas."

SESSION_NOT_FOUND = "No session has that code. Check the code and try again."
SESSION_MISSING = "This session does not exist."
SESSION_CLOSED = "This session is closed."
SESSION_LEFT = (
    "You left “{title}”. This phone no longer holds your place in it: your ideas and votes "
    "stay in the session, but nobody can edit or take them back from this phone."
)
SESSION_ENDED_HOLD = (
    "“{title}” is closed, so this phone no longer holds your place in it. "
    "Your ideas and votes stay in the session."
)
SESSION_TITLE_REQUIRED = "Give the session a title (at most {max} characters)."
SESSION_PROMPT_REQUIRED = "Write the question you want people to answer (at most {max} characters)."
PHASE_UNKNOWN = "Unknown phase '{phase}'."
PHASE_MOVE_IMPOSSIBLE = "A session cannot move from {current} to {target}."
VOTING_MODE_UNKNOWN = "Unknown voting mode; choose one of: {modes}."
TIMER_WRONG_PHASE = "Only the collecting and voting phases can run on a timer."
TIMER_NOT_RUNNING = "There is no timer to extend; start one first."
TIMER_MINUTES_INVALID = "A timer runs from 1 to {max} minutes."
JOINING_CLOSED = "The facilitator has closed this session to new participants."
JOINING_CLOSED_VOTING = (
    "Voting has started, so this session no longer takes new participants (that keeps the "
    "vote fair). Ask the facilitator if you should still join."
)
IDEA_BLOCKED_TERM = "Please rephrase: “{term}” is not allowed in ideas here."
IDEA_AWAITING_APPROVAL = "Thanks! Your idea will appear once the facilitator approves it."
MODERATION_UNKNOWN = "Unknown moderation mode; choose post or pre."
BLOCKED_TERM_INVALID = "Enter a word or short phrase (1 to {max} characters)."
BLOCKED_TERM_TAKEN = "That word is already in the filter."
RESULTS_NOT_YET = "Results are not available yet."
RESULTS_PRIVATE = "The facilitator has not shared the results with participants."

LEVEL_NOT_FOUND = "Unknown level."
LEVEL_RETIRED = "That level has been retired."
LEVEL_NAME_INVALID = "A level name needs 2 to {max} characters."
LEVEL_NAME_TAKEN = "A level with that name already exists."
LEVEL_IN_USE_LAST = "At least one level must stay active."

EMAIL_INVALID = "Enter a valid email address."
EMAIL_TAKEN = "A user with that email already exists."
PASSWORD_WEAK = "Choose a password of at least {min} characters that is not easy to guess."
PASSWORD_TOO_GUESSABLE = "This password is too easy to guess."
PASSWORD_LONGER = "Add another word or two: a few uncommon words are easy to remember."
PASSWORD_MISMATCH = "The two passwords do not match."
PASSWORD_CURRENT_WRONG = "Your current password is not right."
PASSWORD_UNCHANGED = "Choose a password different from the current one."
PASSWORD_CHANGE_REQUIRED = (
    "An admin reset this password: log in on the web and choose a new one before using the API."
)
PASSWORD_RESET_SELF = "Change your own password on the Password page."
ROLE_UNKNOWN = "Unknown role; choose one of: {roles}."
LOGIN_FAILED = "Wrong email or password."
LOGIN_LIMIT_ACCOUNT = (
    "Too many failed logins for this account from here. Try again in {wait}, "
    "or ask an admin to reset the password."
)
LOGIN_SLOWED_DOWN = (
    "This account has had many failed logins, so each attempt has to wait a little. "
    "Try again in {wait}."
)
LOGIN_LIMIT_ADDRESS = "Too many failed logins from this network. Try again in {wait}."
IDLE_LOGGED_OUT = "You were logged out after {idle} without activity. Log in again."
LAST_ADMIN = "At least one active admin must remain."

TEXT_NUL = "Contains a NUL character (\\0), which cannot be stored; please retype it."
TEXT_SURROGATE = "Contains an unpaired surrogate (an invalid Unicode character); please retype it."
MALFORMED_JSON = "The request body must be a JSON object."
JSON_TOO_DEEP = "The JSON body is nested too deeply."

DATABASE_UNAVAILABLE = (
    "The database cannot be reached right now. Nothing you entered was lost: "
    "try again in a few seconds."
)

TOKEN_MISSING = "Send 'Authorization: Bearer <token>'."
TOKEN_INVALID = "The token is invalid or has expired."
STAFF_ONLY = "Only staff accounts can do this."
PARTICIPANT_ONLY = "Only participants of this session can do this."
NOT_YOUR_SESSION = "You can only manage your own sessions."
ADMIN_ONLY = "Only admins can do this."

NO_IDEAS_TO_CLUSTER = "There are no visible ideas to group yet."
CLUSTER_K_INVALID = "The number of themes must be a whole number from 1 to {max}."
BACKEND_UNKNOWN = "Unknown clustering method; choose one of: {backends}."
BACKEND_UNAVAILABLE = (
    "The semantic method is not installed here (pip install -r requirements-semantic.txt)."
)
CLUSTER_NOT_FOUND = "This theme does not exist."
CLUSTER_OUTDATED = "This theme belongs to an older clustering run; reload the page."
CLUSTER_RUNNING = "Clustering is still running; wait for it to finish."
CLUSTER_RUN_STOPPED = "The grouping stopped because the server running it restarted. Run it again."
CLUSTER_RUN_NOT_STARTED = (
    "The grouping never started: the server restarted or no background worker took it up."
    " Run it again."
)
JOB_QUEUE_DOWN = "The background job queue cannot be reached; try again in a moment."
CLUSTER_LABEL_INVALID = "A theme name needs 1 to {max} characters."
CLUSTER_MOVE_INVALID = "That idea is not part of this clustering run."
CLUSTER_SPLIT_INVALID = "Pick some, but not all, of the theme's ideas to split off."
CLUSTER_MERGE_SELF = "Pick a different theme to merge with."
NO_SUGGESTED_LABEL = "This theme has no suggested name to accept."
PROMOTED_ALREADY = "This theme is already a candidate standard."
PROMOTE_OTHER = "The 'Other' group collects leftovers; move its ideas into a theme first."
MERGE_IDEAS_INVALID = "Pick two different ideas of the same session."
LANGUAGE_UNKNOWN = "Unknown language; choose one of: {languages}."
VOCABULARY_INVALID = "Enter a word or short phrase (1 to 80 characters) and its meaning."

# The four steps of the service protocol, then the other areas staff ideas are about.
PROTOCOL_STAGE_LABELS = {
    "greet_listen": "Greet and listen",
    "questions_empathy": "Questions and empathy",
    "address_test": "Address the issue and test",
    "help_follow_through": "Additional help and follow-through",
    "waiting_times": "Waiting times",
    "premises_cleanliness": "Premises and cleanliness",
    "staff_training": "Staff training",
    "customer_feedback": "Customer feedback",
    "refunds_complaints": "Refunds and complaints",
    "other": "Other",
}

# The managers' results workspace
MANAGERS_ONLY = "Only managers and admins can see results across sessions."
WORKSPACE_SORT_UNKNOWN = "Sort by date, participants, ideas or votes."
WORKSPACE_PHASE_UNKNOWN = "Choose a phase from the list."
WORKSPACE_DATES_REVERSED = "The “to” date must not be before the “from” date."
WORKSPACE_PAGE_MISSING = "There is no such page: pages run from 1 to {pages}."
WORKSPACE_COMPARE_COUNT = "Tick from {low} to {high} sessions to compare them."
STANDARD_NOT_FOUND = "This candidate standard does not exist."
STANDARD_MERGED = "This candidate standard was merged into another one."
MANAGERS_DECIDE = "Only managers and admins can decide on standards."
DECISION_UNKNOWN = "Unknown decision; choose one of: {decisions}."
DECISION_REASON_REQUIRED = "Give the reason for the decision (1 to {max} characters)."
DECISION_UNCHANGED = "This candidate standard is already {status}."
STANDARD_TITLE_INVALID = "A title needs 1 to {max} characters."
STANDARD_STATEMENT_INVALID = "A policy statement needs 1 to {max} characters."
STAGE_UNKNOWN = "Unknown protocol stage; choose one of: {stages}."
STANDARD_EDIT_EMPTY = "Change at least one of title, statement, procedures and protocol stage."
PROCEDURES_INVALID = "Give at most {steps} steps of 1 to {max} characters each, one per line."
STANDARD_MERGE_SELF = "Pick a different candidate standard to merge with."
OBJECTIVE_NOT_FOUND = "This objective does not exist."
OBJECTIVE_TEXT_INVALID = "Needs 1 to {max} characters."
OBJECTIVE_TARGET_INVALID = "The target must be a number of at least 0."
OBJECTIVE_REVIEW_DATE_INVALID = "Give a review date as YYYY-MM-DD."
PUBLISH_NOTE_INVALID = "Say what this version changes (1 to {max} characters)."
PUBLISH_NOTHING_ADOPTED = "Adopt at least one candidate standard before publishing."
PUBLISH_WITHOUT_OBJECTIVES = "Every adopted standard needs at least one objective first: {titles}."
PUBLISH_UNCHANGED = "Nothing has changed since version {number}."
VERSION_NOT_FOUND = "There is no version {number} of the standard."
NO_VERSION_YET = "No version of the standard has been published yet."
HANDBOOK_PRIVATE = "Log in to read the service standard."
IDEMPOTENCY_KEY_INVALID = "An Idempotency-Key is 1 to {max} printable ASCII characters."
IDEMPOTENCY_KEY_REUSED = (
    "This Idempotency-Key was already used for a different idea: send a new key for a new idea."
)
ALWAYS_ANONYMOUS = (
    "Sessions are always anonymous: contributions cannot be named, in any session, at any time."
)
OBJECTIVE_DIRECTION_INVALID = "Say whether the target is met at least or at most."
MEASUREMENT_VALUE_INVALID = "Give the measured value as a number."
MEASUREMENT_DATE_INVALID = "Give the date of the measurement, not in the future."
MEASUREMENT_SOURCE_INVALID = "Say where the value comes from (1 to {max} characters)."
MEASUREMENT_TEAM_UNKNOWN = "Choose one of the teams, or the whole organisation."
MISSED_TARGET_TITLE = "Meeting our target: {standard}"
MISSED_TARGET_PROMPT = (
    "{metric} ({standard}): we aim for {direction} {target} {unit} and now measure {current} "
    "{unit}. What would help us meet it, every time?"
)
MEASUREMENT_STATUS_LABELS = {
    "on_track": "On track",
    "at_risk": "At risk",
    "missed": "Missed",
    "not_measured": "Not measured yet",
}
OBJECTIVE_DIRECTION_LABELS = {"at_least": "at least", "at_most": "at most"}
MISSED_TARGET_SESSION_CREATED = (
    "Created a draft session about this target. Check its question and levels, then open it."
)

# Teams and locations, and what is delegated to them
TEAM_NOT_FOUND = "Unknown team."
TEAM_RETIRED = "That team has been retired."
TEAM_NAME_INVALID = "A team name needs 2 to {max} characters."
TEAM_NAME_TAKEN = "A team with that name already exists."
TEAM_DESCRIPTION_INVALID = "A description can have at most {max} characters."
TEAM_LINK_UNKNOWN = "This team link does not work any more: ask your manager for the new one."
TEAM_SESSION_TITLE = "Proposals from {team}"
TEAM_SESSION_PROMPT = (
    "What should change in the parts of our service standard that {team} looks after?"
)
TEAM_NO_ADMIN = "An admin account is needed before a team can take proposals."
TEAM_SESSION_BUSY = "Many proposals arrived at once and yours was not saved: please send it again."
NOT_MEASURED_YET = "not measured yet"

# The customer-segment register
SEGMENT_NOT_FOUND = "Unknown customer segment."
SEGMENT_NAME_INVALID = "A segment name needs 2 to {max} characters."
SEGMENT_NAME_TAKEN = "A segment called “{name}” already exists."
SEGMENT_NAME_TWICE = "“{name}” is also the name of row {row}."
SEGMENT_TEXT_INVALID = "Can have at most {max} characters."
SEGMENT_SHARE_INVALID = "The share of customers must be a number from 0 to 100 (percent)."
SEGMENT_CHANNEL_UNKNOWN = "Unknown channel “{channel}”; the channels are: {channels}."
SEGMENT_IDS_INVALID = "Choose segments from the register."
SEGMENT_IMPORT_REFUSED = "Nothing was imported: {count} row(s) need fixing first."
SEGMENT_IMPORT_EMPTY = "The file is empty: it needs a header row and at least one segment."
SEGMENT_IMPORT_NO_ROWS = "The file has a header row but no segments."
SEGMENT_IMPORT_ENCODING = "The file is not text in UTF-8 or Windows encoding; save it as CSV UTF-8."
SEGMENT_IMPORT_HEADER_UNKNOWN = "Unknown column “{column}”; the columns are: {columns}."
SEGMENT_IMPORT_HEADER_TWICE = "The column “{column}” appears twice."
SEGMENT_IMPORT_HEADER_NAME = "The header row needs a “name” column."
SEGMENT_IMPORT_TOO_MANY_CELLS = "This row has more cells than the header row has columns."
SEGMENT_IMPORT_MALFORMED = "The file is not valid CSV: {problem}."
SEGMENT_IMPORT_TOO_LARGE = "Import at most {rows} segments and {kib} KiB at a time."
SEGMENT_IMPORT_NOT_CSV = "Send the file as text/csv."
FOR_YOUR_TEAM = "your team"
FOR_EVERYONE = "the whole organisation"

# Mystery shopping (services/visits.py)
NO_PUBLISHED_STANDARD = (
    "There is no published standard to check yet: a checklist is made from the current version "
    "of the standard. Publish one first (Standards → Publish)."
)
VISIT_ROLES_ONLY = "Only mystery shoppers, managers and admins can file visit reports."
VISITS_READERS_ONLY = "Only managers and admins see every visit; shoppers see their own."
CHECKLIST_MANAGERS_ONLY = "Only managers and admins can set up checklists and one-time links."
SCALE_UNKNOWN = "Choose a scale: yes / partly / no, or 1 to 5."
VISIT_NOT_FOUND = "This visit report does not exist."
VISIT_TEAM_UNKNOWN = "Choose a team or location from the list."
VISIT_TEAM_FIXED = "This link is for {team} only."
VISIT_DATE_INVALID = "Give the date of the visit as YYYY-MM-DD."
VISIT_DATE_FUTURE = "The visit cannot be in the future; give the day it took place."
VISIT_CHANNEL_UNKNOWN = "Choose a channel: in person, phone, chat or e-mail."
VISIT_NOTES_TOO_LONG = "Notes can be at most {max} characters."
VISIT_SCORES_INVALID = "Scores must map checklist item ids to values."
VISIT_SCORES_EMPTY = "Score at least one item of the checklist."
VISIT_ITEM_UNKNOWN = "Item {item} is not on the checklist."
VISIT_ITEMS_MIXED = "Score items of one checklist only (reload the form for the current one)."
VISIT_VALUE_YES_PARTLY_NO = "Answer yes, partly or no."
VISIT_VALUE_ONE_TO_FIVE = "Give a whole number from 1 to 5."
VISIT_KEY_INVALID = (
    "Send an Idempotency-Key header of 8 to {max} letters, digits, dots, colons, dashes or "
    "underscores, new for each report."
)
VISIT_KEY_REUSED = (
    "This Idempotency-Key was already used for a different report; use a new key for a new "
    "report, or resend exactly the same report."
)
VISIT_LINK_UNKNOWN = "This link is not valid. Ask the manager who sent it for a new one."
VISIT_LINK_USED = "This link has already been used for a report: each link files one report."
VISIT_LINK_EXPIRED = "This link has expired. Ask the manager who sent it for a new one."
VISIT_LINK_DAYS_INVALID = "A link can stay valid from 1 to {max} days."
VISIT_LINK_LABEL_TOO_LONG = "The label can be at most {max} characters."
VISIT_PERIOD_UNKNOWN = "Group by week, month or quarter."
VISIT_VALUE_NOTE_ALONE = "Score this item before adding a note to it."
SHOPPER_PAGES_ONLY = "Mystery shopper accounts can open the visit pages only."
VISIT_FILED = "Thank you: your visit report is filed."
VISIT_ALREADY_FILED = "This report was already filed; here it is."
CHECKLIST_MADE = "A new checklist is ready; new reports use it, filed reports keep theirs."
VISIT_FORM_EXPIRED = "The form expired; your answers are still here. Send it again."
VISIT_FORM_FILED_BEFORE = (
    "A report from this form was already filed with other answers. Send it again to file these "
    "answers as a new report."
)
OBJECTIVE_MEASURED_FROM_INVALID = "Choose where the objective's values come from."
OBJECTIVE_SHOPPING_UNIT = "Mystery-shopping scores are in percent: set the unit to percent."
# The unit each computed source is in, said when an objective gives another.
OBJECTIVE_SOURCE_UNIT = {
    "mystery_shopping": OBJECTIVE_SHOPPING_UNIT,
    "survey_csat": "The share of satisfied customers is in percent: set the unit to percent.",
    "survey_nps": "A Net Promoter Score runs from -100 to 100 points: set the unit to points.",
    "survey_step": "The share of yes on a protocol step is in percent: set the unit to percent.",
}
OBJECTIVE_STEP_NOT_ASKED = (
    "Surveys ask about the four protocol steps only, not about this standard's stage: "
    "choose another source."
)
MEASURED_FROM_LABELS = {
    "manual": "values entered by hand",
    "mystery_shopping": "mystery shoppers' scores on the standard's steps (percent)",
    "survey_csat": "customer surveys: share satisfied, 4 or 5 out of 5 (percent)",
    "survey_nps": "customer surveys: Net Promoter Score, -100 to 100 (points)",
    "survey_step": "customer surveys: share of yes on the standard's protocol step (percent)",
}
# What one computed value is, for "from 37 survey answers" (one, many).
COMPUTED_VALUE_NOUNS = {
    "mystery_shopping": ("shopper's score", "shoppers' scores"),
    "survey_csat": ("survey answer", "survey answers"),
    "survey_nps": ("survey answer", "survey answers"),
    "survey_step": ("survey answer", "survey answers"),
}
ENTERED_VALUE_NOUNS = ("value entered by hand", "values entered by hand")

# Customer surveys
SURVEY_NOT_FOUND = "This survey does not exist."
SURVEY_TITLE_INVALID = "A survey title needs 1 to {max} characters."
QUESTION_TEXT_INVALID = "A question needs 1 to {max} characters."
SURVEY_QUESTIONS_FROZEN = (
    "The questions can only change before the survey is opened and while it has no responses."
)
SURVEY_STEP_ONLY = "Only the questions about protocol steps can be moved or removed."
SURVEY_LAST_STEP = "Keep at least one question about a protocol step."
SURVEY_NOT_OPEN = "This survey is not taking answers right now."
SURVEY_ALREADY_STATUS = "This survey is already {status}."
SURVEY_STATUS_UNKNOWN = "Choose open or closed."
SURVEY_ALREADY_ANSWERED = "You have already answered this survey from this browser. Thank you!"
SURVEY_NOTHING_ANSWERED = "Answer at least one question or leave a comment."
SURVEY_QUESTION_UNKNOWN = "This survey has no question with this id."
SURVEY_CSAT_INVALID = "Choose a whole number from 1 to 5."
SURVEY_NPS_INVALID = "Choose a whole number from 0 to 10."
SURVEY_STEP_INVALID = "Answer yes, partly or no."
SURVEY_COMMENT_INVALID = "A comment can have at most {max} characters, without control characters."
SURVEY_SEGMENT_UNKNOWN = "Choose a customer segment from the list."
SURVEY_TEAM_FIXED = "This survey is for one team only: {team}."
SURVEY_SEGMENT_FIXED = "This survey is for one customer segment only: {segment}."
SURVEY_MANAGERS_ONLY = "Only managers and admins can run customer surveys."
SURVEY_THEME_GONE = (
    "The comment themes have changed since the page was loaded; pick the theme again."
)
SURVEY_SESSION_TITLE = "Customers: {label}"
SURVEY_SESSION_PROMPT = (
    "Customers keep mentioning {phrase}. What should we do about it? (From the survey “{survey}”.)"
)
SURVEY_COMMENT_PROMPT = "Anything else you would like to tell us?"
SURVEY_CSAT_TEXT = "How satisfied are you with the service you received today?"
SURVEY_NPS_TEXT = "How likely are you to recommend us to a friend or colleague?"
# One customer-facing question per step of the service protocol.
SURVEY_STEP_TEXTS = {
    "greet_listen": "Were you greeted promptly?",
    "questions_empathy": "Did we listen and understand what you needed?",
    "address_test": "Did we resolve your issue?",
    "help_follow_through": "Did we check it was resolved?",
}
SURVEY_IMPORT_EMPTY = "The file has no rows to import."
SURVEY_IMPORT_NOT_CSV = "Upload a CSV file in UTF-8 with a header row (at most {rows} rows)."
SURVEY_IMPORT_MAPPING = "Map each column to a question, the comment, the date, or “not imported”."
SURVEY_IMPORT_TWICE = "Two columns are mapped to the same target: {target}."
SURVEY_IMPORT_NOTHING_MAPPED = "Map at least one column to a question or the comment."
SURVEY_IMPORT_REFUSED = "Nothing was imported. Rows with problems: {count}; fix them and try again."
SURVEY_IMPORT_DATE_INVALID = "Give the date as YYYY-MM-DD."
