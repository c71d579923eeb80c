package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/org"
)

// storyOrg is an invented organisation of the further programmes (an
// Albanian NGO, a municipality, a Kosovo CSO): its kind, place, people
// and the social-care services it runs, which make the municipality's
// map of services.
type storyOrg struct {
	Name, Acronym, Kind, Municipality string
	Rep, Position                     string
	Registered                        int // year of registration
	Staff                             int
	Groups                            []string
	Services                          []storyService
}

// storyService is a social-care service an organisation runs.
type storyService struct {
	Type, Municipality string
	Capacity, PerYear  int
}

// ensureStoryOrgs creates the organisations that are missing, fills the
// profile of those without one and verifies it (their agreements get
// signed on the verified account). It returns how many it created.
func ensureStoryOrgs(ctx context.Context, d *db.DB, now time.Time, orgs []storyOrg, seed int) (int, error) {
	as := auth.NewStore(d)
	ids, _, officerID, err := demoPeople(ctx, d)
	if err != nil {
		return 0, err
	}
	created := 0
	store := &org.Store{DB: d, Now: func() time.Time { return now }}
	for i, o := range orgs {
		id, ok := ids[o.Name]
		if !ok {
			c, err := as.CreateOrg(ctx, o.Name, o.Kind)
			if err != nil {
				return created, fmt.Errorf("demo organisation %s: %w", o.Name, err)
			}
			id, created = c.ID, created+1
		}
		p, err := store.Get(ctx, access.Everything(), id)
		if err != nil {
			return created, err
		}
		if p.RegistrationNumber != "" {
			continue
		}
		if _, err := store.Update(ctx, access.Everything(), id, o.profile(seed+i, now)); err != nil {
			return created, fmt.Errorf("demo profile %s: %w", o.Name, err)
		}
		if err := store.Verify(ctx, access.Everything(), id, officerID); err != nil {
			return created, err
		}
	}
	return created, nil
}

// profile is the organisation's invented profile; i varies the numbers.
func (o storyOrg) profile(i int, now time.Time) org.Input {
	reg := time.Date(o.Registered, time.Month(1+i%12), 1+i%27, 0, 0, 0, 0, time.UTC)
	in := org.Input{LegalName: o.Name, Acronym: o.Acronym, RegistrationDate: &reg,
		Address:      fmt.Sprintf("Rruga %s, nr. %d", []string{"e Dëshmorëve", "Kryesore", "e Shkollës", "e Bashkisë"}[i%4], 2+i%30),
		Municipality: o.Municipality, Email: fmt.Sprintf("info@org%02d.demo.example", 60+i),
		RepName: o.Rep, RepPosition: o.Position, StaffCount: o.Staff, VolunteerCount: 4 + i%20,
		TargetGroups: o.Groups}
	for _, sv := range o.Services {
		in.Services = append(in.Services, org.Service{Type: sv.Type, Municipality: sv.Municipality,
			Capacity: sv.Capacity, BeneficiariesPerYear: sv.PerYear})
	}
	cur := "EUR"
	if o.Municipality[:2] == "AL" {
		cur = "ALL"
		in.Phone = fmt.Sprintf("+355 %d %03d %04d", 52+i%8, 200+i*7%700, 1000+i*37%9000)
		in.IBAN = albanianIBAN(i)
		in.FiscalNumber = fmt.Sprintf("L%08dA", 21000000+i*4721)
		in.RegistrationNumber = fmt.Sprintf("%d/%d", 3000+i*17, o.Registered)
		in.Registry = "Gjykata e Shkallës së Parë e Juridiksionit të Përgjithshëm Tiranë"
		if o.Kind == "municipality" {
			in.Registry, in.RegistrationNumber = "Ligji nr. 115/2014 për ndarjen administrativo-territoriale", fmt.Sprintf("NJQV-%03d", 10+i)
		}
	} else {
		in.Phone = fmt.Sprintf("+383 4%d %03d %03d", 4+i%5, 100+i*7%900, 200+i*13%800)
		in.IBAN = demoIBAN(300 + i)
		in.FiscalNumber = fmt.Sprintf("60%07d", 400000+i*577)
		in.RegistrationNumber = fmt.Sprintf("5%07d", 210000+i*131)
		in.Registry = "Departamenti për Regjistrim dhe Ndërlidhje me OJQ"
	}
	for k, y := range org.TurnoverYears(now) {
		minor := int64(1_800_000+i*95_000+k*250_000) * 2 // EUR 36,000 and more
		if cur == "ALL" {
			minor *= 125 // about ALL 4,500,000 and more
		}
		in.Turnover = append(in.Turnover, org.Turnover{Year: y, Minor: minor, Currency: cur})
	}
	return in
}

// albanianIBAN builds a checksum-valid Albanian IBAN (28 characters: an
// 8-digit bank and branch code, a control digit and a 16-character
// account) of invented banks.
func albanianIBAN(i int) string {
	bban := fmt.Sprintf("%s%016d", []string{"20211019", "21110013", "20510033"}[i%3], 4000000001+int64(i)*7919)
	return "AL" + org.IBANCheckDigits("AL", bban) + bban
}
