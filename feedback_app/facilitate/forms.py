"""Forms of the facilitate blueprint."""

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from feedback_app.models.ideas import IDEA_MAX
from feedback_app.models.sessions import (
    DOT_BUDGET_DEFAULT,
    DOTS_MAX,
    DOTS_PER_IDEA_DEFAULT,
    PROMPT_MAX,
    TIMER_MINUTES_MAX,
    TITLE_MAX,
)
from feedback_app.services.ballots import CARDS_MAX
from feedback_app.services.follow_up import TOP_DEFAULT, TOP_MAX
from feedback_app.services.text import SUPPORTED_LANGUAGES
from feedback_app.web.forms import CheckboxListField, Form, SegmentTagsField
from feedback_app.web.presenters import VOTING_MODE_LABELS


class SessionForm(Form):
    """Create a session: what to ask, of which level, with whom."""

    title = StringField("Title", validators=[DataRequired(), Length(max=TITLE_MAX)])
    prompt = TextAreaField(
        "Question to the room", validators=[DataRequired(), Length(max=PROMPT_MAX)]
    )
    target_level_id = SelectField("For which level of management?", coerce=int)
    contributing_level_ids = CheckboxListField("Who may contribute?", coerce=int)
    results_public = BooleanField("Show the results to participants when voting ends")
    language = SelectField(
        "Language of the ideas",
        choices=[SelectChoice(name, name.capitalize()) for name in SUPPORTED_LANGUAGES],
        default="english",
    )
    moderation = SelectField(
        "Moderation",
        choices=[
            SelectChoice("post", "Ideas appear at once; I can hide them"),
            SelectChoice("pre", "Ideas wait for my approval before anyone sees them"),
        ],
        default="post",
    )
    collecting_minutes = IntegerField(
        "Timer for collecting ideas (minutes)",
        validators=[Optional(), NumberRange(min=1, max=TIMER_MINUTES_MAX)],
    )
    voting_minutes = IntegerField(
        "Timer for voting (minutes)",
        validators=[Optional(), NumberRange(min=1, max=TIMER_MINUTES_MAX)],
    )
    voting_mode = SelectField(
        "How people vote",
        choices=[SelectChoice(mode, label) for mode, label in VOTING_MODE_LABELS.items()],
        default="upvote",
    )
    dot_budget = IntegerField(
        "Dots per person",
        validators=[Optional(), NumberRange(min=1, max=DOTS_MAX)],
        default=DOT_BUDGET_DEFAULT,
    )
    dots_per_idea = IntegerField(
        "Most dots on one idea",
        validators=[Optional(), NumberRange(min=1, max=DOTS_MAX)],
        default=DOTS_PER_IDEA_DEFAULT,
    )
    allow_self_votes = BooleanField("People may vote on their own ideas", default=True)
    ballot_cards = BooleanField(
        "Ballot cards: one printed single-use code per person instead of the session code"
    )
    segment_ids = SegmentTagsField()

    def set_level_choices(self, levels) -> None:
        """Offer the active levels; invite all of them by default."""
        choices = [SelectChoice(level.id, level.name) for level in levels]
        self.target_level_id.choices = choices
        self.contributing_level_ids.choices = choices
        if not self.is_submitted():
            self.contributing_level_ids.data = [level.id for level in levels]


class SegmentTagsForm(Form):
    """The customer segments a session concerns."""

    segment_ids = SegmentTagsField("Customer segments")


class PhaseForm(Form):
    """Move a session to one phase."""

    phase = HiddenField(validators=[DataRequired()])


class IdeaStatusForm(Form):
    """Approve, hide, show or mark an idea off-topic."""

    status = HiddenField(validators=[DataRequired()])


class CorrectIdeaForm(Form):
    """Fix a typo in an idea."""

    text = TextAreaField("Corrected text", validators=[DataRequired(), Length(max=IDEA_MAX)])


class TimerForm(Form):
    """Start, pause, resume, extend, stop or skip the phase timer."""

    action = HiddenField(validators=[DataRequired()])
    minutes = IntegerField(
        "Minutes", validators=[Optional(), NumberRange(min=1, max=TIMER_MINUTES_MAX)], default=5
    )


class SettingForm(Form):
    """Switch one live setting: joining, live counts on the projector, moderation."""

    name = HiddenField(validators=[DataRequired()])
    value = HiddenField(validators=[DataRequired()])


class ResultsVisibilityForm(Form):
    """Share results with participants, or stop."""

    results_public = HiddenField(validators=[DataRequired()])


class BallotCardsForm(Form):
    """Make a batch of ballot cards, as a sheet to print or a CSV."""

    count = IntegerField(
        "How many cards", validators=[DataRequired(), NumberRange(min=1, max=CARDS_MAX)], default=30
    )
    output = HiddenField(default="sheet")


class FollowUpForm(Form):
    """Put this session's top ideas to another level."""

    target_level_id = SelectField("For which level?", coerce=int)
    top = IntegerField(
        "How many of the top ideas",
        validators=[DataRequired(), NumberRange(min=1, max=TOP_MAX)],
        default=TOP_DEFAULT,
    )
    title = StringField("Title", validators=[Optional(), Length(max=TITLE_MAX)])

    def set_level_choices(self, levels, current_target_id: int) -> None:
        """Offer the active levels, another level than this session's first."""
        self.target_level_id.choices = [SelectChoice(level.id, level.name) for level in levels]
        if not self.is_submitted():
            others = [level.id for level in levels if level.id != current_target_id]
            self.target_level_id.data = others[0] if others else current_target_id
