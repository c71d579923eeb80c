package org

import (
	"context"
	"io"
	"strings"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/upload"
)

// DocumentIssuer loads the letterhead and signatory of the documents the
// portal issues from the intermediary's profile, its logo read from
// uploads. No intermediary gives an empty issuer; a logo that cannot be
// read is left out rather than failing the document. The web pages, the
// report registry and the command line share it.
func DocumentIssuer(orgs *Store, uploads *upload.Store) func(ctx context.Context) (pdfdoc.Issuer, error) {
	return func(ctx context.Context) (pdfdoc.Issuer, error) {
		is, err := orgs.Issuer(ctx)
		if apperr.As(err).Code == apperr.NotFound {
			return pdfdoc.Issuer{}, nil
		}
		if err != nil {
			return pdfdoc.Issuer{}, err
		}
		contact := []string{}
		for _, v := range []string{is.Email, is.Phone} {
			if v != "" {
				contact = append(contact, v)
			}
		}
		lh := &pdfdoc.Letterhead{Name: is.Name, Address: is.Address, Contact: strings.Join(contact, " · ")}
		if t := map[string]string{"image/png": "PNG", "image/jpeg": "JPG"}[is.LogoType]; t != "" && is.LogoStored != "" && uploads != nil {
			if f, err := uploads.Open(is.LogoStored); err == nil {
				b, err := io.ReadAll(io.LimitReader(f, MaxLogoBytes+1))
				f.Close()
				if err == nil && len(b) <= MaxLogoBytes {
					lh.Logo, lh.LogoType = b, t
				}
			}
		}
		return pdfdoc.Issuer{Letterhead: lh, Signatory: pdfdoc.Signatory{Name: is.RepName, Function: is.RepPosition}}, nil
	}
}
