package web_test

import (
	"testing"

	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web"
)

// The portal's stores write the notices of issue 12: agreements and
// amendments, payment requests and report decisions each have the
// catalogue (a store without it sends none).
func TestStoresWriteNotices(t *testing.T) {
	st, err := web.NewStores(dbtest.SQLite(t), config.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Grants.Cat == nil || st.Payments.Cat == nil || st.Reports.Cat == nil {
		t.Errorf("a store sends no notices: grants %v, payments %v, reports %v", st.Grants.Cat != nil, st.Payments.Cat != nil, st.Reports.Cat != nil)
	}
}
