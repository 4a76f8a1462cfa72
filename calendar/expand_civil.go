package calendar

// Proleptic Gregorian calendar arithmetic on day numbers (days since
// 1970-01-01), after Howard Hinnant's "chrono-compatible low-level date
// algorithms". The engine works on wall-clock seconds (day*86400 + seconds
// of the day, read as if the zone were UTC) and only turns them into
// instants at the end, so these functions never touch a time.Location.

const secondsPerDay = 86400

// daysFromCivil returns the day number of y-m-d (m 1–12, d 1–31).
func daysFromCivil(y, m, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := floorDiv(yy, 400)
	yoe := yy - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func yearLen(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

var daysIn = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func monthLen(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return daysIn[m]
}

// isoWeekday returns 0 for Monday … 6 for Sunday. Day 0 was a Thursday.
func isoWeekday(day int64) int { return int(floorMod(day+3, 7)) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// dayInfo is one day with every field a BYxxx predicate may ask about.
type dayInfo struct {
	dn   int64 // day number
	y    int
	m    int // 1–12
	d    int // 1–31
	mlen int // days in the month
	yday int // 1–366
	ylen int // days in the year
	wd   int // 0 = Monday … 6 = Sunday
}

func dayInfoOf(dn int64) dayInfo {
	y, m, d := civilFromDays(dn)
	return dayInfo{
		dn: dn, y: y, m: m, d: d,
		mlen: monthLen(y, m),
		yday: int(dn-daysFromCivil(y, 1, 1)) + 1,
		ylen: yearLen(y),
		wd:   isoWeekday(dn),
	}
}
