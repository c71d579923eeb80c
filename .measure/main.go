package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func main() {
	base := "http://127.0.0.1:8471"
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox, chromedp.ExecPath("/usr/bin/chromium"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	for i, email := range []string{"officer@demo.example", "evaluator1@demo.example"} {
		ctx, c2 := chromedp.NewContext(actx)
		ctx, c3 := context.WithTimeout(ctx, 180*time.Second)
		_, err := chromedp.Run(ctx, chromedp.Steps(chromedp.Navigate(base+"/login"),
			chromedp.SendKeys(`input[name="email"]`, email),
			chromedp.SendKeys(`input[name="password"]`, "demo-portal-2026"),
			chromedp.Submit(`input[name="password"]`), chromedp.Sleep(time.Second)))
		if err != nil {
			fmt.Println("login", err)
		}
		for _, p := range strings.Split(os.Args[1+i], ",") {
			for _, w := range []int64{1366, 390} {
				if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
					Width: w, Height: 800, DeviceScaleFactor: 1, Mobile: w == 390}); err != nil {
					fmt.Println(err)
				}
				_, err := chromedp.Run(ctx, chromedp.Steps(chromedp.Navigate(base+p), chromedp.Sleep(300*time.Millisecond)))
				h, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
				over, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
				loc, _ := chromedp.Run(ctx, chromedp.Location())
				if os.Getenv("SHOT") != "" && w == 1366 {
					if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
						Width: w, Height: 1400, DeviceScaleFactor: 1}); err == nil {
						buf, _ := chromedp.Run(ctx, chromedp.CaptureScreenshot())
						_ = os.WriteFile("/tmp/i11-demo/shot"+strings.NewReplacer("/", "_", "?", "_").Replace(p)+".png", buf, 0o644)
					}
				}
				fmt.Printf("%-24s %-40s w=%4d height=%6d sideways=%d at=%s %v\n", email, p, w, h, over, strings.TrimPrefix(loc, base), err)
			}
		}
		c3()
		c2()
	}
}
