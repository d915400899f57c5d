from services.extract.app import create_app
from services.extract.settings import ExtractSettings
from shared.runner import serve

serve("extract", ExtractSettings(), create_app)
