package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/upload"
)

// Letterhead is the demo intermediary's letterhead: what its letters,
// reports and agreements print above the text and beside the signature.
var Letterhead = org.IssuerInput{
	Address:     "Rruga Agim Ramadani 15, 10000 Prishtinë",
	Email:       "zyra@qzhs.demo.example",
	Phone:       "+383 38 000 111",
	RepName:     "Arbëresha Kelmendi",
	RepPosition: "Drejtoreshë ekzekutive",
}

// seedLetterhead gives the intermediary its letterhead and a logo drawn
// here (the logo only when the demo has an upload folder). An intermediary
// whose letterhead has an address already is left as it is.
func seedLetterhead(ctx context.Context, d *db.DB, files *upload.Store) error {
	st := org.NewStore(d)
	is, err := st.Issuer(ctx)
	if err != nil || is.Address != "" {
		return err
	}
	var logo *org.Logo
	if files != nil {
		f, err := files.Save(bytes.NewReader(logoPNG()), "logo.png")
		if err != nil {
			return fmt.Errorf("demo logo: %w", err)
		}
		logo = &org.Logo{StoredName: f.StoredName, ContentType: f.ContentType}
	}
	_, err = st.SaveIssuer(ctx, access.Everything(), Letterhead, logo)
	return err
}

// logoPNG draws the demo logo: a teal square holding three rising white
// bars, 96 px on a side.
func logoPNG() []byte {
	const side = 96
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	teal, white := color.RGBA{0x0b, 0x6e, 0x6e, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			img.Set(x, y, teal)
		}
	}
	for i, h := range []int{28, 46, 64} {
		x0 := 18 + i*22
		for y := side - 16 - h; y < side-16; y++ {
			for x := x0; x < x0+16; x++ {
				img.Set(x, y, white)
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // encoding an in-memory RGBA image cannot fail
	return b.Bytes()
}
