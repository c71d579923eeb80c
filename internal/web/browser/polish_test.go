package browser

// checkPolish measures the page as drawn: every visible checkbox and radio
// button has its label beside it on the same line (not on a line of its
// own above or below); no item of a horizontal list (actions, inline
// lists) draws a list marker, which would sit over the last letter of the
// item before it; every status badge carries its state in words, not
// colour alone.
func (b *tab) checkPolish() {
	b.t.Helper()
	var r struct{ Apart, Markers, Mute []string }
	b.js(`(() => {
		const apart = [], markers = [], mute = [];
		for (const i of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
			const ib = i.getBoundingClientRect();
			if (ib.width < 2 || !i.id) continue;
			for (const l of document.querySelectorAll('label[for="' + CSS.escape(i.id) + '"]')) {
				const lb = l.getBoundingClientRect();
				if (lb.width < 2 || lb.height < 2) continue; // a visually hidden label (a table cell's column names it)
				const sameLine = lb.top < ib.bottom && lb.bottom > ib.top;
				if (!sameLine || lb.left < ib.right - 1) apart.push(i.id);
			}
		}
		for (const li of document.querySelectorAll('ul.actions > li, ol.actions > li, .inline-list > li')) {
			const s = getComputedStyle(li);
			if (s.display === 'list-item' && s.listStyleType !== 'none') markers.push(li.textContent.trim().slice(0, 40));
		}
		for (const s of document.querySelectorAll('.status, .tag, .badge')) {
			if (s.getBoundingClientRect().width > 0 && s.innerText.trim() === '') mute.push(s.outerHTML.slice(0, 80));
		}
		return {Apart: apart, Markers: markers, Mute: mute};
	})()`, &r)
	if len(r.Apart) > 0 {
		b.t.Errorf("%s: checkboxes or radio buttons not beside their labels: %v", b.path(), r.Apart)
	}
	if len(r.Markers) > 0 {
		b.t.Errorf("%s: horizontal list items drawing a marker over their neighbour: %v", b.path(), r.Markers)
	}
	if len(r.Mute) > 0 {
		b.t.Errorf("%s: status badges without words: %v", b.path(), r.Mute)
	}
}
