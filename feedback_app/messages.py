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
