"""The ambition form: the fields of one ambition, its partners and its goals (blank rows are ignored). The form
builds the YAML form of an ambition and lets :func:`regiekamer.sturing.ambitie_uit` judge it, so the form, the
import and the library apply one set of rules."""

from __future__ import annotations

from typing import Any

from django import forms

from regiekamer.cijfers import Keuze
from regiekamer.indicatoren.catalogus import INDICATOREN
from regiekamer.sturing.ambities import Ambitie, AmbitieFout, ambitie_uit

KLASSEN = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.DateInput: "utrecht-textbox utrecht-textbox--html-input",
}


class Utrecht:
    """NL Design System classes on every widget, and the help text and errors tied to the field for screen
    readers (aria-describedby, aria-invalid)."""

    def stijl(self) -> None:
        form: Any = self
        for naam, veld in form.fields.items():
            w = veld.widget
            w.attrs["class"] = KLASSEN.get(type(w), "utrecht-textbox utrecht-textbox--html-input")
            id_ = form.auto_id % form.add_prefix(naam) if form.auto_id else naam
            beschreven = [f"{id_}-hulp"] if veld.help_text else []
            if form.is_bound and form.errors.get(naam):
                w.attrs["aria-invalid"] = "true"
                beschreven.append(f"{id_}-fout")
            if beschreven:
                w.attrs["aria-describedby"] = " ".join(beschreven)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.stijl()


WETTEN = [("", "beide wetten"), ("jw", "Jeugdwet"), ("wmo", "Wmo 2015")]


class AmbitieForm(Utrecht, forms.Form):
    id = forms.SlugField(label="Korte naam (id)", max_length=64,
                         help_text="kleine letters, cijfers en '-', bijvoorbeeld lichte-hulp-dichtbij")
    tekst = forms.CharField(label="Ambitie", widget=forms.Textarea(attrs={"rows": 3}))
    eigenaar = forms.CharField(label="Eigenaar", max_length=200, help_text="wie voor de ambitie staat")
    gemeente = forms.ChoiceField(label="Gemeente", required=False)
    wet = forms.ChoiceField(label="Wet", choices=WETTEN, required=False)
    productcategorie = forms.ChoiceField(label="Productcategorie", required=False)
    leeftijdsklasse = forms.ChoiceField(label="Doelgroep (leeftijd)", required=False)
    raakvlakken = forms.CharField(label="Raakvlakken", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="waar de taken van partners elkaar raken; één per regel")
    toelichting = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, gemeenten: list[Keuze], regio: str | None,
                 productcategorieen: list[Keuze], leeftijdsklassen: list[Keuze], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regio = regio
        keuzes = [(g.code, f"{g.naam} ({g.code})") for g in gemeenten]
        if regio:
            keuzes.insert(0, ("", f"de hele regio ({regio})"))
        velden: dict[str, Any] = self.fields
        velden["gemeente"].choices = keuzes
        velden["gemeente"].required = not regio
        velden["productcategorie"].choices = [("", "alle")] + [(k.code, f"{k.code} {k.naam}")
                                                                   for k in productcategorieen]
        velden["leeftijdsklasse"].choices = [("", "alle")] + [(k.code, k.naam) for k in leeftijdsklassen]
        self.stijl()


class PartnerForm(Utrecht, forms.Form):
    naam = forms.CharField(label="Partner", max_length=200, required=False)
    bijdrage = forms.CharField(label="Bijdrage", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stijl()


class DoelForm(Utrecht, forms.Form):
    indicator = forms.ChoiceField(
        label="Indicator", required=False,
        choices=[("", "—")] + [(i.id, i.naam) for i in INDICATOREN if not i.extra_kolommen],
    )
    basisperiode = forms.CharField(label="Basisperiode", max_length=10, required=False,
                                   help_text="jaar, kwartaal of maand: 2024, 2024-Q4, 2024-10")
    streefwaarde = forms.FloatField(label="Streefwaarde", required=False)
    deadline = forms.DateField(label="Deadline", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stijl()


PartnerFormSet = forms.formset_factory(PartnerForm, extra=3)
DoelFormSet = forms.formset_factory(DoelForm, extra=3)


def als_ambitie(form: AmbitieForm, partners: Any, doelen: Any) -> Ambitie | None:
    """The ambition the valid forms describe, or ``None`` with the problem added to the right form."""
    d = form.cleaned_data
    bereik = {k: d[k] for k in ("gemeente", "wet", "productcategorie", "leeftijdsklasse") if d.get(k)}
    if not d.get("gemeente") and form.regio:
        bereik["regio"] = form.regio
    data: dict[str, Any] = {
        "id": d["id"], "tekst": d["tekst"], "eigenaar": d["eigenaar"], "bereik": bereik,
        "partners": [{"naam": p.cleaned_data["naam"], "bijdrage": p.cleaned_data["bijdrage"]}
                     for p in partners if p.cleaned_data.get("naam") or p.cleaned_data.get("bijdrage")],
        "raakvlakken": [r.strip() for r in d.get("raakvlakken", "").splitlines() if r.strip()],
        "doelen": [{k: x.cleaned_data.get(k) for k in ("indicator", "basisperiode", "streefwaarde", "deadline")}
                   for x in doelen if any(x.cleaned_data.get(k) not in (None, "") for k in x.cleaned_data)],
        "toelichting": d.get("toelichting", ""),
    }
    try:
        return ambitie_uit(data, "ambitie")
    except AmbitieFout as exc:
        pad = exc.pad
        if pad.startswith("ambitie.doelen["):
            i = int(pad.split("[", 1)[1].split("]", 1)[0])
            veld = pad.rsplit(".", 1)[-1]
            rijen = [x for x in doelen if any(x.cleaned_data.get(k) not in (None, "") for k in x.cleaned_data)]
            rijen[i].add_error(veld if veld in rijen[i].fields else None, exc.melding)
        elif pad.startswith("ambitie.partners["):
            form.add_error(None, f"partner: {exc.melding}")
        elif pad == "ambitie.doelen":
            form.add_error(None, exc.melding)
        else:
            veld = pad.rsplit(".", 1)[-1]
            form.add_error(veld if veld in form.fields else None, exc.melding)
        return None
