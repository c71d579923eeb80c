package demo

import (
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/org"
)

// Invented people for the demo profiles: combinations, not real persons.
var (
	firstSQ = []string{"Arbnora", "Besnik", "Drenusha", "Fitore", "Gentiana", "Kushtrim", "Liridona", "Mentor", "Njomza", "Valdrin", "Teuta", "Agron"}
	lastSQ  = []string{"Gashi", "Krasniqi", "Berisha", "Hoxha", "Kelmendi", "Morina", "Shala", "Rexhepi", "Bytyqi", "Thaçi", "Zeqiri", "Mustafa"}
	firstSR = []string{"Jelena", "Nemanja", "Milica", "Stefan", "Dragana", "Vladimir", "Snežana", "Dušan"}
	lastSR  = []string{"Jovanović", "Petrović", "Nikolić", "Stojanović", "Marković", "Ilić", "Đorđević", "Tasić"}
)

var positionsSQ = []string{"Drejtor ekzekutiv", "Drejtoreshë ekzekutive", "Kryetar i bordit", "Koordinatore e programeve"}
var positionsSR = []string{"Izvršni direktor", "Izvršna direktorka", "Predsednik upravnog odbora", "Koordinatorka programa"}

// demoBanks are invented bank and branch codes for checksum-valid XK IBANs.
var demoBanks = []string{"1201", "1501", "1701", "1901", "2001", "2202"}

// demoIBAN builds a valid Kosovo IBAN for the i-th demo NGO.
func demoIBAN(i int) string {
	bban := fmt.Sprintf("%s%010d%02d", demoBanks[i%len(demoBanks)], 1000003+i*7919, (i*37)%100)
	return "XK" + org.IBANCheckDigits("XK", bban) + bban
}

// profileOf is the invented full profile of the i-th demo NGO.
func profileOf(n NGO, i int, now time.Time) org.Input {
	first, last, positions := firstSQ, lastSQ, positionsSQ
	if n.Serbian {
		first, last, positions = firstSR, lastSR, positionsSR
	}
	th := themes[n.Theme]
	reg := time.Date(2004+i%16, time.Month(1+i%12), 1+i%27, 0, 0, 0, 0, time.UTC)
	in := org.Input{
		LegalName: n.Name, Acronym: n.Acronym,
		RegistrationNumber: fmt.Sprintf("5%07d", 110000+i*131), Registry: "Departamenti për Regjistrim dhe Ndërlidhje me OJQ",
		FiscalNumber: fmt.Sprintf("60%07d", 200000+i*577), RegistrationDate: &reg,
		Address:      fmt.Sprintf("Rr. %s nr. %d", []string{"e Shkollës", "e Parkut", "Qendrore", "e Lumit"}[i%4], 3+i%40),
		Municipality: n.Municipality, Email: fmt.Sprintf("info@ngo%02d.demo.example", i+1),
		Phone:   fmt.Sprintf("+383 4%d %03d %03d", 4+i%5, 100+i*7%900, 200+i*13%800),
		RepName: first[i%len(first)] + " " + last[(i*5)%len(last)], RepPosition: positions[i%len(positions)],
		IBAN: demoIBAN(i), StaffCount: 3 + i%15, VolunteerCount: 5 + (i*7)%40,
		TargetGroups: th.Groups,
	}
	for k, y := range org.TurnoverYears(now) {
		in.Turnover = append(in.Turnover, org.Turnover{Year: y, Minor: int64(2_500_000 + i*137_500 + k*400_000), Currency: "EUR"})
	}
	for k, typ := range th.Services[:1+i%2] {
		in.Services = append(in.Services, org.Service{Type: typ, Municipality: n.Municipality,
			Capacity: 10 + (i*3+k*5)%40, BeneficiariesPerYear: 40 + (i*17+k*29)%260})
	}
	return in
}
