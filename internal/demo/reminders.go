package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/remind"
	"github.com/subgrant/portal/internal/upload"
)

// expiringIn is how many days applicant1's tax certificate stays valid
// after seeding: within remind.DocumentAhead, so its reminder is sent.
const expiringIn = 20

// seedReminders gives applicant1's organisation a tax certificate that
// expires soon, then sends the reminders due at now in every zone as the
// morning run of portal serve would, whatever the hour the demo is
// seeded. Seeding again adds nothing: the document is added once and each
// reminder is guarded.
func seedReminders(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) error {
	if err := seedExpiringDocument(ctx, d, now, files); err != nil {
		return err
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	r := remind.New(d, cat)
	r.Now = func() time.Time { return now }
	_, err = r.RunOnce(ctx)
	return err
}

func seedExpiringDocument(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) error {
	var orgID int64
	if err := db.Get(ctx, d, &orgID, `SELECT id FROM organisations WHERE name = ?`, Organisations[2].Name); err != nil {
		return err
	}
	var n int
	if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM organisation_documents WHERE org_id = ? AND doc_type = 'tax_certificate'`,
		orgID); err != nil || n > 0 {
		return err
	}
	pdf := pdfdoc.New("Certifikatë tatimore", "Dokument demonstrues", now)
	pdf.Para("Dokument demonstrues i krijuar nga portali. Nuk është dokument i vërtetë.")
	content, err := pdf.Bytes()
	if err != nil {
		return err
	}
	name := "certifikata-tatimore.pdf"
	sum, key := sha256.Sum256(content), sha256.Sum256([]byte("demo/vault/tax_certificate"))
	f := upload.File{StoredName: hex.EncodeToString(key[:16]), DisplayName: name, ContentType: "application/pdf",
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
	if files != nil {
		if f, err = files.Save(bytes.NewReader(content), name); err != nil {
			return err
		}
	}
	until := now.Truncate(24*time.Hour).AddDate(0, 0, expiringIn)
	st := &org.Store{DB: d, Now: func() time.Time { return now }}
	_, err = st.AddDocument(ctx, access.Everything(), org.Document{OrgID: orgID, Type: "tax_certificate", FileName: f.DisplayName,
		StoredName: f.StoredName, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256, ValidUntil: &until})
	return err
}
