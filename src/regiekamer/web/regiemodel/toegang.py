"""Who may see and edit which gemeente's scan: the gemeente-analist its own gemeente (edit) and the region view,
the regio-analist every gemeente of its jeugdregio (read-only, with surveys), the aanbieder the region view only
(no survey answers), the beheerder nothing (403, like the figure pages)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from regiekamer.cijfers import Rol
from regiekamer.codelijsten import gemeente as gemeente_info
from regiekamer.codelijsten import gemeenten


@dataclass(frozen=True)
class Wie:
    rol: Rol
    gemeente: str
    regio: str

    def ziet_gemeente(self, code: str) -> bool:
        if self.rol == Rol.GEMEENTE:
            return code == self.gemeente
        if self.rol == Rol.REGIO:
            g = gemeente_info(code)
            return bool(g and self.regio and g.jeugdregio == self.regio)
        return False

    def bewerkt(self, code: str) -> bool:
        return self.rol == Rol.GEMEENTE and code == self.gemeente

    @property
    def ziet_regio(self) -> bool:
        """The region view (how every gemeente of the jeugdregio positions the arrangements of one domain): every
        role but the beheerder. It is what a provider working across the gemeenten meets (seed 001), and a
        gemeente sees its neighbours' choices there; their inventories, answers and surveys stay their own."""
        return self.rol in (Rol.GEMEENTE, Rol.REGIO, Rol.AANBIEDER)


def wie(request: HttpRequest) -> Wie:
    profiel = getattr(request.user, "profiel", None)
    if profiel is None:
        raise PermissionDenied("deze gebruiker heeft geen rol; vraag de beheerder om een profiel")
    rol = Rol(profiel.rol)
    if rol == Rol.BEHEERDER:
        raise PermissionDenied("de rol beheerder ziet geen regiemodelscans; gebruik het beheer")
    return Wie(rol, profiel.gemeente or "", profiel.jeugdregio or "")


def mag_zien(w: Wie, code: str) -> None:
    if not w.ziet_gemeente(code):
        raise PermissionDenied("de scan van deze gemeente valt buiten uw bereik")


def mag_bewerken(w: Wie, code: str) -> None:
    if not w.bewerkt(code):
        raise PermissionDenied("alleen gebruikers van de gemeente zelf kunnen haar scan bewerken")


def naam(code: str) -> str:
    g = gemeente_info(code)
    return f"{g.naam} ({code})" if g else code


def gemeenten_in(regio: str) -> list[str]:
    return [g.code for g in gemeenten() if regio and g.jeugdregio == regio]
