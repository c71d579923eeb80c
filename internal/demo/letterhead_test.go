package demo

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/upload"
)

// checkLetterhead: the intermediary prints its address, contact and
// signatory on its documents, and its logo is a PNG in the upload folder.
func checkLetterhead(t *testing.T, d *db.DB, files *upload.Store) {
	t.Helper()
	is, err := org.NewStore(d).Issuer(context.Background())
	if err != nil {
		t.Fatalf("issuer: %v", err)
	}
	want := Letterhead
	if is.Address != want.Address || is.Email != want.Email || is.Phone != want.Phone ||
		is.RepName != want.RepName || is.RepPosition != want.RepPosition {
		t.Errorf("letterhead = %+v, want %+v", is, want)
	}
	if is.LogoStored == "" || is.LogoType != "image/png" {
		t.Fatalf("logo = %q (%s), want a stored PNG", is.LogoStored, is.LogoType)
	}
	b, err := os.ReadFile(filepath.Join(files.Dir, is.LogoStored))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 96 {
		t.Errorf("logo does not decode as the 96 px PNG: %v", err)
	}
}
