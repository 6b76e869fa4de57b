"""Static files in production: WhiteNoise's compressed manifest, tolerant of one upstream defect.

viewflow 2.4 ships CSS (viewflow/fonts/roboto/...) that references font files it does not ship; the manifest
storage refuses to collect such a file, and without a manifest every page is a 500. A missing reference
inside viewflow's own assets is left as written (the browser gets a 404 for a font the project never shows);
a missing reference anywhere else still stops collectstatic."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

TOLERATED = ("viewflow/",)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if name.startswith(TOLERATED) and not self.exists(self.clean_name(name)):
                return name
            raise
