"""Static files in production: every file under a name with its content's hash, compressed beforehand."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, precompressed storage, which also rewrites the ES modules' imports.

    `import { Outbox } from "../onderstroom/outbox.js"` becomes an import of `outbox.<hash>.js`, so the
    modules a page loads by relative path are hashed too, and WhiteNoise serves every one of them with
    `max-age` of ten years and `immutable` (a changed file gets a new name). There is no service worker
    (which would need a stable address).
    """

    support_js_module_import_aggregation = True
