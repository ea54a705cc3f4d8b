"""Web plumbing shared by the blueprints: error pages, headers, forms, permissions, presenters."""
