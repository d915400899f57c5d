from services.query.app import create_app
from services.query.settings import QuerySettings
from shared.runner import serve

serve("query", QuerySettings(), create_app)
