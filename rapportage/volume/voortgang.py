"""A plain-text progress bar on the command's stdout: phase, rows written of the phase's total, percentage, time
of the phase and (between brackets) of the whole run. A phase first plans in memory (the line stays at 0 while
the time runs), then writes.

On a terminal the line is redrawn in place; otherwise (CI logs) a line is printed every tenth of a phase.
"""
import time

BREEDTE = 24


def _klok(seconden):
    minuten, seconden = divmod(int(seconden), 60)
    return f"{minuten}:{seconden:02d}"


class Voortgang:
    def __init__(self, stdout):
        self.stdout = stdout
        self.start = time.monotonic()
        self.tty = bool(getattr(stdout, "isatty", lambda: False)())
        self.naam = ""
        self.totaal = 0
        self.gedaan = 0
        self._fase_start = self.start
        self._getoond = -1
        self._laatst = 0.0

    def verstreken(self):
        return time.monotonic() - self.start

    def fase(self, naam, totaal):
        self.klaar()
        self.naam = str(naam)
        self.totaal = max(int(totaal), 0)
        self.gedaan = 0
        self._fase_start = time.monotonic()
        self._getoond = -1
        self._laatst = 0.0
        self._toon()

    def stap(self, aantal=1):
        self.gedaan += aantal
        if self.tty:
            if time.monotonic() - self._laatst >= 0.5:
                self._toon()
        elif self.totaal:
            tiende = self.gedaan * 10 // self.totaal
            if tiende != self._getoond and tiende < 10:
                self._toon()

    def klaar(self):
        if not self.naam:
            return
        self.gedaan = max(self.gedaan, self.totaal)
        self._toon(einde=True)
        self.naam = ""

    def _toon(self, einde=False):
        nu = time.monotonic()
        self._laatst = nu
        deel = min(self.gedaan / self.totaal, 1.0) if self.totaal else 1.0 if einde else 0.0
        self._getoond = self.gedaan * 10 // self.totaal if self.totaal else 10
        balk = "#" * int(deel * BREEDTE)
        regel = (f"{self.naam:<30} [{balk:<{BREEDTE}}] {self.gedaan:>9}/{self.totaal:<9} {deel * 100:5.1f}%  "
                 f"{_klok(nu - self._fase_start):>6}  ({_klok(nu - self.start)})")
        if self.tty:
            self.stdout.write("\r" + regel, ending="\n" if einde else "")
        else:
            self.stdout.write(regel)
        self.stdout.flush()
