package web

import (
	"context"

	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/upload"
)

// issuerOf is the letterhead loader of the documents the server issues.
func issuerOf(orgs *org.Store, uploads *upload.Store) func(ctx context.Context) (pdfdoc.Issuer, error) {
	return org.DocumentIssuer(orgs, uploads)
}

// issuer is the issuer of the server's documents.
func (s *Server) issuer(ctx context.Context) (pdfdoc.Issuer, error) {
	return issuerOf(s.orgs(), s.uploads())(ctx)
}
