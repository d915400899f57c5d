from shared.settings import CommonSettings


class IngestSettings(CommonSettings):
    port: int = 8101
