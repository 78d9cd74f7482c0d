"""The explorer's pages: one module per page, each an APIRouter rendering a template of web/templates/."""
