package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/upload"
)

// project is an invented kind of action: its texts (%s is the
// municipality), the target groups it serves and its activities.
type project struct {
	Title, Summary, Objective string
	Groups                    [2]string
	Results, Indicators       [2]string
	Activities                [3]string
	Staff, Equipment          string
}

var projects = map[string]project{
	"elderly_daycare": {"Qendër ditore për të moshuarit në %s",
		"Qendra ditore ofron kujdes ditor, ushqim të ngrohtë, aktivitete fizike e sociale dhe kontroll të rregullt shëndetësor për të moshuarit që jetojnë vetëm në %s, të cilët u izoluan më shumë gjatë pandemisë së COVID-19.",
		"Përmirësimi i cilësisë së jetës dhe ulja e izolimit social të të moshuarve në %s.",
		[2]string{"elderly", "families_social_assistance"},
		[2]string{"Të moshuarit që jetojnë vetëm marrin kujdes ditor të rregullt", "Familjet kujdestare marrin këshillim dhe pushim nga kujdesi"},
		[2]string{"Të moshuar që ndjekin rregullisht qendrën ditore", "Familje kujdestare të këshilluara"},
		[3]string{"Përgatitja e hapësirës dhe rekrutimi i stafit", "Kujdes ditor dhe ushqim i ngrohtë", "Këshillim për familjet kujdestare"}, "Kujdestarë të qendrës ditore", "Mobilje, pajisje kuzhine dhe rampë hyrëse"},
	"elderly_home": {"Shërbime kujdesi në shtëpi për të moshuarit në %s",
		"Kujdestarë të trajnuar vizitojnë në shtëpi të moshuarit e pamundur në %s dy deri në tri herë në javë: higjienë personale, ndihmë me barnat, blerje ushqimesh dhe shoqëri.",
		"Të moshuarit e pamundur në %s jetojnë të sigurt dhe me dinjitet në shtëpitë e tyre.",
		[2]string{"elderly", "families_social_assistance"},
		[2]string{"Të moshuarit e pamundur marrin kujdes të rregullt në shtëpi", "Anëtarët e familjes janë trajnuar për kujdesin bazë"},
		[2]string{"Të moshuar që marrin vizita të rregullta në shtëpi", "Anëtarë të familjes të trajnuar"},
		[3]string{"Vlerësimi i nevojave të përfituesve", "Vizita të rregullta kujdesi në shtëpi", "Trajnime për familjarët kujdestarë"}, "Kujdestarë në terren", "Pako higjiene dhe pajisje ndihmëse"},
	"disability_home": {"Shërbime në shtëpi për personat me aftësi të kufizuara në %s",
		"Ekipi i fizioterapeutëve dhe punonjësve socialë ofron rehabilitim, ndihmë personale dhe mbështetje për familjet e personave me aftësi të kufizuara në %s, që nuk mund të dalin nga shtëpia.",
		"Rritja e pavarësisë dhe e përfshirjes sociale të personave me aftësi të kufizuara në %s.",
		[2]string{"persons_with_disabilities", "families_social_assistance"},
		[2]string{"Personat me aftësi të kufizuara marrin rehabilitim në shtëpi", "Familjet janë mbështetur në kujdesin e përditshëm"},
		[2]string{"Persona me aftësi të kufizuara që marrin shërbime në shtëpi", "Familje të mbështetura"},
		[3]string{"Hartimi i planeve individuale të kujdesit", "Seanca rehabilitimi dhe ndihmë personale në shtëpi", "Grupe mbështetjeje për familjet"}, "Fizioterapeutë dhe asistentë personalë", "Pajisje rehabilitimi dhe karroca"},
	"disability_daycare": {"Qendër ditore për fëmijët dhe të rinjtë me aftësi të kufizuara në %s",
		"Qendra ditore ofron terapi të të folurit, fizioterapi, aftësi për jetën e përditshme dhe aktivitete krijuese për fëmijët dhe të rinjtë me aftësi të kufizuara në %s, ndërsa prindërit marrin këshillim.",
		"Zhvillimi i aftësive dhe përfshirja në shoqëri e fëmijëve me aftësi të kufizuara në %s.",
		[2]string{"persons_with_disabilities", "children_behavioural"},
		[2]string{"Fëmijët me aftësi të kufizuara ndjekin terapi të rregullta", "Prindërit janë fuqizuar në kujdesin ndaj fëmijëve"},
		[2]string{"Fëmijë që ndjekin rregullisht qendrën", "Prindër të këshilluar"},
		[3]string{"Regjistrimi dhe vlerësimi i fëmijëve", "Terapi dhe aktivitete ditore në qendër", "Këshillim dhe grupe për prindërit"}, "Terapistë dhe edukatorë", "Mjete didaktike dhe pajisje terapie"},
	"shelter": {"Strehim i sigurt dhe këshillim për viktimat e dhunës në familje në %s",
		"Strehimorja ofron strehim të sigurt 24 orë, këshillim psikologjik e juridik dhe ndihmë për riintegrim për gratë dhe fëmijët viktima të dhunës në familje në %s, ku rastet u shtuan gjatë izolimit nga COVID-19.",
		"Mbrojtja dhe rimëkëmbja e viktimave të dhunës në familje në %s.",
		[2]string{"domestic_violence_victims", "women_heads_of_household"},
		[2]string{"Viktimat e dhunës marrin strehim dhe këshillim", "Gratë e strehuara fitojnë të ardhura të pavarura"},
		[2]string{"Gra dhe fëmijë të strehuar dhe të këshilluar", "Gra të punësuara ose të vetëpunësuara pas daljes"},
		[3]string{"Strehim dhe kujdes 24 orë", "Këshillim psikologjik dhe juridik", "Aftësim profesional dhe ndërmjetësim për punë"}, "Këshilltare dhe kujdestare të strehimores", "Shtretër, pajisje kuzhine dhe sistem sigurie"},
	"rae": {"Shërbime në terren për familjet e komuniteteve rome, ashkali dhe egjiptiane në %s",
		"Punonjës socialë dhe ndërmjetës komunitarë vizitojnë familjet rome, ashkali dhe egjiptiane në %s për t'i lidhur me ndihmën sociale, shërbimet shëndetësore dhe shkollën.",
		"Qasja më e mirë e familjeve të komuniteteve RAE në %s në shërbimet sociale dhe shëndetësore.",
		[2]string{"rae_communities", "families_social_assistance"},
		[2]string{"Familjet RAE janë lidhur me shërbimet sociale dhe shëndetësore", "Fëmijët RAE janë regjistruar dhe ndjekin shkollën"},
		[2]string{"Familje RAE të referuara te shërbimet", "Fëmijë të regjistruar në shkollë"},
		[3]string{"Hartëzimi i familjeve dhe i nevojave të tyre", "Vizita në terren dhe referime te shërbimet", "Mësim plotësues për fëmijët"}, "Punonjës socialë dhe ndërmjetës komunitarë", "Kompjuterë portativë dhe materiale mësimore"},
	"children": {"Mbështetje psikosociale për fëmijët në %s",
		"Psikologë dhe punonjës socialë ofrojnë këshillim individual dhe në grup për fëmijët me vështirësi emocionale e sjelljeje në %s, si dhe punëtori për prindërit dhe mësuesit.",
		"Mirëqenia emocionale e fëmijëve në %s pas izolimit nga pandemia.",
		[2]string{"children_behavioural", "families_social_assistance"},
		[2]string{"Fëmijët marrin këshillim psikosocial", "Prindërit dhe mësuesit njohin shenjat e vështirësive"},
		[2]string{"Fëmijë të këshilluar", "Prindër dhe mësues të trajnuar"},
		[3]string{"Identifikimi i fëmijëve në bashkëpunim me shkollat", "Këshillim individual dhe në grup", "Punëtori për prindërit dhe mësuesit"}, "Psikologë dhe punonjës socialë", "Materiale terapie dhe mobilje për dhomën e këshillimit"},
}

// demoApp is one demo application: the NGO, the lot (0 or 1), the kind of
// action and the state it is brought to.
type demoApp struct {
	Org    string
	Lot    int
	Kind   string
	Status application.Status
}

// demoApps are the applications to the COVID-19 call, in the order they
// were submitted. Applicant 1's NGO has a draft and a submitted one;
// applicants 2 and 3 see a request for information and an ineligibility.
var demoApps = []demoApp{
	{NGOs[0].Name, 0, "elderly_daycare", application.Eligible},
	{NGOs[6].Name, 1, "shelter", application.Eligible},
	{NGOs[35].Name, 0, "disability_home", application.Eligible},
	{NGOs[5].Name, 1, "children", application.Eligible},
	{Organisations[4].Name, 1, "shelter", application.Ineligible},
	{NGOs[15].Name, 1, "rae", application.Ineligible},
	{Organisations[3].Name, 0, "elderly_daycare", application.InfoRequested},
	{NGOs[10].Name, 0, "elderly_home", application.Withdrawn},
	{NGOs[1].Name, 0, "disability_home", application.Submitted},
	{NGOs[9].Name, 1, "shelter", application.Submitted},
	{NGOs[24].Name, 1, "rae", application.Submitted},
	{Organisations[2].Name, 0, "disability_home", application.Submitted},
	// Seven more arrived in the call's last days, so the officer has a
	// queue to screen in one bulk action (issue 12).
	{NGOs[2].Name, 1, "children", application.Submitted},
	{NGOs[3].Name, 0, "elderly_daycare", application.Submitted},
	{NGOs[7].Name, 1, "shelter", application.Submitted},
	{NGOs[11].Name, 1, "children", application.Submitted},
	{NGOs[12].Name, 0, "disability_daycare", application.Submitted},
	{NGOs[16].Name, 0, "disability_home", application.Submitted},
	{NGOs[20].Name, 0, "elderly_home", application.Submitted},
	{Organisations[2].Name, 0, "disability_daycare", application.Draft},
	{NGOs[42].Name, 0, "elderly_daycare", application.Draft},
	{NGOs[29].Name, 1, "rae", application.Draft},
}

// Why the two ineligible applications failed, by NGO.
var ineligibleWhy = map[string]string{
	Organisations[4].Name: "Pasqyrat financiare të vitit të kaluar nuk janë nënshkruar nga përfaqësuesi ligjor.",
	NGOs[15].Name:         "Certifikata e regjistrimit e dorëzuar ka skaduar dhe organizata nuk ka dorëzuar vërtetimin e rinovimit.",
	// The first round's two (see round1Apps).
	NGOs[6].Name:  "Statuti i dorëzuar nuk përmban ofrimin e shërbimeve sociale ndër qëllimet e organizatës.",
	NGOs[27].Name: "Pasqyrat financiare të dorëzuara janë të vitit 2023, jo të vitit të kaluar.",
}

const (
	demoQuestion = "Ju lutemi sqaroni si do të transportohen të moshuarit nga fshatrat deri te qendra ditore dhe ndani kostot e transportit sipas muajve në buxhet."
	demoWithdraw = "Organizata vendosi të aplikojë së bashku me një partner në thirrjen e ardhshme."
)

// seeder holds what seeding the demo applications needs.
type seeder struct {
	d        *db.DB
	files    *upload.Store     // nil: documents recorded without their files
	pdfs     map[string][]byte // generated documents by type
	now      time.Time
	call     call.Call
	lots     []call.Lot
	profiles donor.Profiles
	cat      *i18n.Catalogue
	ids      map[string]int64      // organisation ids by name
	people   map[string]auth.User  // applicant accounts by organisation name
	index    map[string]int        // NGO index (as in profileOf) by name
	ngos     map[string]NGO        // NGO by name
	officer  auth.User             // the demo officer
	clock    func(i int) time.Time // when the i-th application was submitted; nil: clockFor
}

// seedApplications brings the demo applications of the COVID-19 call to
// their states through the application store, with now as the clock, the
// call's required documents attached as generated PDFs kept in files. An
// application is known by organisation, call and title: existing ones are
// left alone, so seeding twice creates nothing. Nothing is seeded while the
// call is not open.
func seedApplications(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) error {
	sd, err := newSeeder(ctx, d, now, files, CovidCall)
	if err != nil || !call.IsOpen(sd.call, now) {
		return err
	}
	for i, da := range demoApps {
		if err := sd.ensure(ctx, i, da); err != nil {
			return fmt.Errorf("demo application %d (%s): %w", i+1, da.Org, err)
		}
	}
	return nil
}

func newSeeder(ctx context.Context, d *db.DB, now time.Time, files *upload.Store, ref string) (*seeder, error) {
	c, err := call.NewStore(d).ByReference(ctx, ref)
	if err != nil {
		return nil, err
	}
	lots, err := call.NewStore(d).Lots(ctx, c.ID)
	profiles, perr := donor.Load()
	cat, cerr := i18n.Load()
	ids, _, _, ierr := demoPeople(ctx, d)
	if err := errors.Join(err, perr, cerr, ierr); err != nil {
		return nil, err
	}
	sd := &seeder{d: d, files: files, now: now, call: c, lots: lots, profiles: profiles, cat: cat, ids: ids,
		people: map[string]auth.User{}, index: map[string]int{}, ngos: map[string]NGO{}, pdfs: map[string][]byte{}}
	for i, n := range append(append([]NGO{}, applicantNGOs...), NGOs...) {
		sd.index[n.Name], sd.ngos[n.Name] = i, n
	}
	for _, a := range Accounts {
		u, err := auth.NewStore(d).UserByEmail(ctx, a.Email)
		if err != nil {
			return nil, err
		}
		if a.Role == auth.ProgramOfficer {
			sd.officer = u
		} else if a.Role == auth.Applicant {
			sd.people[a.Org] = u
		}
	}
	return sd, nil
}

// clockFor is when the i-th application was submitted: one after another
// over the last days, after the call opened.
func (sd *seeder) clockFor(i int) time.Time {
	at := sd.now.Add(-time.Duration(len(demoApps)-i) * 4 * time.Hour)
	if o := sd.call.OpensAt; o != nil && !at.After(*o) {
		at = o.Add(time.Duration(i+1) * time.Minute)
	}
	return at
}

func (sd *seeder) store(at time.Time) *application.Store {
	return &application.Store{DB: sd.d, Now: func() time.Time { return at }, Profiles: sd.profiles, Cat: sd.cat}
}

// ensure creates the i-th application unless it exists and brings it to
// its state.
func (sd *seeder) ensure(ctx context.Context, i int, da demoApp) error {
	orgID, n := sd.ids[da.Org], sd.ngos[da.Org]
	form := sd.form(i, da, n)
	var id int64
	err := db.Get(ctx, sd.d, &id, `SELECT id FROM applications WHERE call_id = ? AND org_id = ? AND title = ?`,
		sd.call.ID, orgID, form.Title)
	if err == nil || !apperr.Is(err, apperr.NotFound) {
		return err
	}
	by, err := sd.submitter(ctx, da.Org, orgID)
	if err != nil {
		return err
	}
	at, sc := sd.clockFor(i), access.Everything()
	if sd.clock != nil {
		at = sd.clock(i)
	}
	st := sd.store(at.Add(-2 * time.Hour))
	a, err := st.Create(ctx, sc, application.NewDraft{CallID: sd.call.ID, LotID: sd.lots[da.Lot].ID, OrgID: orgID, UserID: by.UserID})
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Key == "applications.error.max_per_org" {
		return nil // the NGO has already made its own applications to the call
	}
	if err != nil {
		return err
	}
	in, err := form.Parse("en", sd.profiles["eu"])
	if err != nil {
		return err
	}
	if _, err := st.Update(ctx, a.ID, sc, by.UserID, in); err != nil {
		return err
	}
	if da.Status == application.Draft {
		return nil
	}
	if err := sd.attach(ctx, st, a, by.UserID); err != nil {
		return err
	}
	if _, err := sd.store(at).Submit(ctx, a.ID, sc, by); err != nil {
		return err
	}
	return sd.conclude(ctx, at.Add(2*time.Hour), a.ID, da)
}

// conclude brings a submitted application to its final demo state.
func (sd *seeder) conclude(ctx context.Context, at time.Time, id int64, da demoApp) error {
	st, sc, officer := sd.store(at), access.Everything(), sd.officer.ID
	switch da.Status {
	case application.Withdrawn:
		return st.Withdraw(ctx, id, sc, demoWithdraw)
	case application.InfoRequested:
		due := at.Add(14 * day)
		_, err := st.Ask(ctx, id, sc, officer, []application.Question{{Text: demoQuestion, Sections: []string{"budget", "workplan"}}}, &due)
		return err
	case application.Eligible, application.Ineligible:
		points, err := st.Points(ctx, sd.call.ID)
		if err != nil {
			return err
		}
		var in []application.PointInput
		for _, p := range points {
			pi := application.PointInput{Code: p.Code, Result: application.Passed}
			if why, ok := ineligibleWhy[da.Org]; ok && da.Status == application.Ineligible && p.Code == "documents" {
				pi.Result, pi.Reason = application.Failed, why
			}
			in = append(in, pi)
		}
		if err := st.RecordPoints(ctx, id, sc, officer, in); err != nil {
			return err
		}
		return st.Decide(ctx, id, sc, officer, da.Status == application.Eligible)
	}
	return nil
}

// submitter is the NGO's demo applicant; an NGO without an account is
// entered by the demo officer and its receipt goes to the NGO's address.
func (sd *seeder) submitter(ctx context.Context, name string, orgID int64) (application.Submitter, error) {
	if u, ok := sd.people[name]; ok {
		return application.Submitter{UserID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang}, nil
	}
	p, err := (&org.Store{DB: sd.d, Now: db.Now}).Get(ctx, access.Everything(), orgID)
	if err != nil {
		return application.Submitter{}, err
	}
	return application.Submitter{UserID: sd.officer.ID, Name: p.RepName, Email: p.Email, Lang: "sq"}, nil
}

// form is the i-th application as its NGO would type it (amounts in the
// English notation); a draft lacks only the declaration of honour.
func (sd *seeder) form(i int, da demoApp, n NGO) application.Form {
	pr, v := projects[da.Kind], sd.index[da.Org]*7+i
	m, _ := place.Lookup(n.Municipality)
	months, g0, g1 := 8+v%5, 30+(v*13)%90, 10+(v*7)%40
	return application.Form{
		Title:          fmt.Sprintf(pr.Title, m.SQ),
		Summary:        fmt.Sprintf(pr.Summary, m.SQ),
		DurationMonths: months, StartMonth: sd.now.AddDate(0, 2, 0).Format("2006-01"),
		TargetGroups:   []application.TargetGroup{{Code: pr.Groups[0], Beneficiaries: g0}, {Code: pr.Groups[1], Beneficiaries: g1}},
		Municipalities: []string{n.Municipality},
		Logframe: application.Logframe{Objectives: []string{fmt.Sprintf(pr.Objective, m.SQ)},
			Indicators: []application.Indicator{
				{Result: pr.Results[0], Indicator: pr.Indicators[0], Baseline: "0", Target: strconv.Itoa(g0), Source: "Regjistri i përfituesve dhe fletëprezencat"},
				{Result: pr.Results[1], Indicator: pr.Indicators[1], Baseline: "0", Target: strconv.Itoa(g1), Source: "Raportet e punonjësve socialë dhe pyetësorët e kënaqësisë"}}},
		Activities: []application.Activity{
			{Title: pr.Activities[0], Months: monthRange(1, 2)},
			{Title: pr.Activities[1], Months: monthRange(2, months)},
			{Title: pr.Activities[2], Months: monthRange(3, months)},
			{Title: "Monitorimi, vlerësimi dhe raporti përfundimtar", Months: monthRange(months-1, months)}},
		Budget:              budget(pr, v, months),
		DeclarationAccepted: da.Status != application.Draft,
	}
}

func monthRange(from, to int) []int {
	var ms []int
	for m := from; m <= to; m++ {
		ms = append(ms, m)
	}
	return ms
}

// budget is an EU budget that keeps every rule of the call: contingency 2-4
// % and indirect costs 5-7 % of direct costs, co-financing 10-15 % of every
// line. v varies the amounts per NGO.
func budget(pr project, v, months int) []application.LineForm {
	type line struct {
		heading, desc, unit string
		units, rate         int64
	}
	direct := []line{
		{"1", "Koordinator/e i projektit", "muaj", int64(months), 80000 + int64(v%9)*2500},
		{"1", pr.Staff, "muaj pune", int64((2 + v%2) * months), 60000 + int64(v%7)*1500},
		{"2", "Transport lokal për vizita dhe përfitues", "muaj", int64(months), 12000 + int64(v%5)*1000},
		{"3", pr.Equipment, "paketë", 1, 250000 + int64(v%11)*17350 + int64(v)*111},
		{"4", "Qira dhe shpenzime të zyrës", "muaj", int64(months), 15000 + int64(v%4)*2500},
		{"5", "Supervizim profesional dhe trajnime të stafit", "seancë", 4, 45000 + int64(v%6)*2500},
	}
	var sum int64
	for _, l := range direct {
		sum += l.units * l.rate
	}
	contingency, _ := money.PercentOf(sum, 200+int64(v%3)*100)
	indirect, _ := money.PercentOf(sum, 500+int64(v%3)*100)
	lines := append(direct,
		line{"8", "Rezerva për të paparashikuarat", "paushall", 1, contingency},
		line{"10", "Kosto indirekte", "paushall", 1, indirect})
	cofinBP := 1000 + int64(v%6)*100
	out := make([]application.LineForm, 0, len(lines))
	for _, l := range lines {
		total := l.units * l.rate
		req, _ := money.PercentOf(total, 10000-cofinBP)
		out = append(out, application.LineForm{Heading: l.heading, Description: l.desc, Unit: l.unit,
			Units: strconv.FormatInt(l.units, 10), UnitRate: amount(l.rate), Requested: amount(req), Cofinancing: amount(total - req)})
	}
	return out
}

// amount writes minor units in the English notation Parse reads ("1234.50").
func amount(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

// attach attaches every document the call requires to draft a: a PDF
// saying it is a demo document, kept in sd.files; without files, the record
// alone (its download then answers "file missing").
func (sd *seeder) attach(ctx context.Context, st *application.Store, a application.Application, userID int64) error {
	for _, doc := range a.RequiredDocuments {
		name, content, err := doc.Code+".pdf", sd.pdfs[doc.Code], error(nil)
		if content == nil { // one PDF per type of document, made once
			pdf := pdfdoc.New(doc.LabelSQ, "Dokument demonstrues", sd.now)
			pdf.Para("Dokument demonstrues i krijuar nga portali. Nuk është dokument i vërtetë.")
			if content, err = pdf.Bytes(); err != nil {
				return err
			}
			sd.pdfs[doc.Code] = content
		}
		sum, key := sha256.Sum256(content), sha256.Sum256([]byte(fmt.Sprintf("demo/%d/%s", a.ID, doc.Code)))
		f := upload.File{StoredName: hex.EncodeToString(key[:16]), DisplayName: name, ContentType: "application/pdf",
			Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
		if sd.files != nil {
			if f, err = sd.files.Save(bytes.NewReader(content), name); err != nil {
				return err
			}
		}
		if _, err := st.AddAttachment(ctx, a.ID, access.Everything(), userID, application.Attachment{DocType: doc.Code,
			FileName: f.DisplayName, StoredName: f.StoredName, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256}); err != nil {
			return err
		}
	}
	return nil
}
