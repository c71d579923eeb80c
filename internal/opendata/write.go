package opendata

import (
	"io"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/i18n"
)

// Write writes ex in format f. A 360Giving package needs at least one
// grant (the standard's package schema): a programme without a signed
// agreement is a Conflict with a translated message, and nothing is
// written. Callers write into a buffer and send it only on success, so a
// failure never leaves a truncated file.
func Write(w io.Writer, cat *i18n.Catalogue, f Format, ex Export) error {
	switch f {
	case IATI:
		return WriteIATI(w, cat, ex)
	case Giving360:
		if len(ex.Grants) == 0 {
			return apperr.New(apperr.Conflict, "opendata.error.no_grants")
		}
		return Write360Giving(w, cat, ex)
	}
	return apperr.New(apperr.NotFound, "opendata.error.format")
}
