"""Schemas shared by every resource: the error envelope and the base schema."""

import marshmallow as ma


class BaseSchema(ma.Schema):
    """Unknown body fields are ignored, as before the schemas: clients may send extras."""

    class Meta:
        unknown = ma.EXCLUDE


class ErrorBodySchema(BaseSchema):
    """What went wrong: a stable code, a sentence for people and the fields at fault."""

    code = ma.fields.String(required=True, metadata={"example": "validation_failed"})
    message = ma.fields.String(required=True)
    fields = ma.fields.Dict(
        keys=ma.fields.String(),
        required=True,
        metadata={"description": "Field name → what is wrong with it (empty when none)."},
    )


class ErrorSchema(BaseSchema):
    """The one error envelope of the API."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)
