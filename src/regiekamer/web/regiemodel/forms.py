"""Forms of the scan: an arrangement, its questionnaire (items from the model file), a conditions survey and one
party's answers, and the YAML import."""

from __future__ import annotations

from typing import Any

from django import forms

from regiekamer.regiemodel import Transitiemodel
from regiekamer.web.regiemodel.models import Voorziening


def opmaak(form: forms.BaseForm) -> None:
    """NL Design System classes on the text widgets."""
    for f in form.fields.values():
        w = f.widget
        if isinstance(w, forms.Textarea):
            w.attrs.setdefault("class", "utrecht-textarea")
        elif isinstance(w, forms.Select) and not isinstance(w, forms.RadioSelect):
            w.attrs.setdefault("class", "utrecht-select")
        elif isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "utrecht-checkbox")
        elif isinstance(w, forms.TextInput | forms.FileInput):
            w.attrs.setdefault("class", "utrecht-textbox")


def _schaal(model: Transitiemodel) -> list[tuple[str, str]]:
    return [(str(w), f"{w} – {model.schaal_labels[w]}")
            for w in range(model.schaal_min, model.schaal_max + 1)]


class VoorzieningForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Voorziening
        fields = ["naam", "domein", "soort", "omschrijving"]
        labels = {"naam": "Naam", "domein": "Domein", "soort": "Soort voorziening", "omschrijving": "Omschrijving"}
        help_texts = {"domein": "Jeugd, Wmo of een eigen domein (bijvoorbeeld Participatie)."}

    def __init__(self, *args: Any, model: Transitiemodel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["soort"] = forms.ChoiceField(label="Soort voorziening",
                                                 choices=[(s, s) for s in model.soorten])
        self.fields["domein"].widget.attrs.update({"list": "rk-domeinen", "autocomplete": "off"})
        self.fields["omschrijving"].widget.attrs.update({"rows": 3})
        self.fields["omschrijving"].required = False
        opmaak(self)

    def clean_domein(self) -> str:
        return " ".join(str(self.cleaned_data["domein"]).split())


class VragenlijstForm(forms.Form):
    """One measurement (ambitie or praktijk): every item on the model's scale; ambitie also cites its source."""

    def __init__(self, *args: Any, model: Transitiemodel, meting: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vraag_ids = [v.id for v in model.vragen]
        if meting == "ambitie":
            self.fields["document"] = forms.CharField(
                label="Beleidsdocument", max_length=300, required=False,
                help_text="Waar staat deze ambitie? Bijvoorbeeld: Beleidsplan Jeugd 2025-2028.")
            self.fields["passage"] = forms.CharField(
                label="Passage", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Citeer de passage (of geef de paragraaf) waarop u de antwoorden baseert.")
        for v in model.vragen:
            self.fields[v.id] = forms.ChoiceField(label=v.tekst, choices=_schaal(model), widget=forms.RadioSelect,
                                                  error_messages={"required": "Kies een antwoord."})
        opmaak(self)

    def vragen(self) -> list[forms.BoundField]:
        return [self[i] for i in self.vraag_ids]

    def antwoorden(self) -> dict[str, int]:
        return {i: int(self.cleaned_data[i]) for i in self.vraag_ids}


class EnqueteForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200,
                            help_text="Bijvoorbeeld: Samenwerking sociaal domein 2026.")
    zorgverzekeraar = forms.CharField(label="Zorgverzekeraar", max_length=200, required=False,
                                      help_text="Naam van de zorgverzekeraar die u uitnodigt (mag leeg).")
    aanbieders = forms.CharField(label="Aanbieders", widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="Eén aanbieder per regel.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opmaak(self)

    def clean_aanbieders(self) -> list[str]:
        namen = [" ".join(r.split()) for r in str(self.cleaned_data["aanbieders"]).splitlines()]
        namen = [n for n in namen if n]
        if not namen:
            raise forms.ValidationError("Noem minstens één aanbieder.")
        if len(set(namen)) != len(namen):
            raise forms.ValidationError("Elke aanbieder mag maar één keer voorkomen.")
        return namen


class ConditiesForm(forms.Form):
    def __init__(self, *args: Any, model: Transitiemodel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groepen: list[tuple[str, str, list[str]]] = []
        for c in model.condities:
            ids = []
            for q in c.vragen:
                self.fields[q.id] = forms.ChoiceField(label=q.tekst, choices=_schaal(model),
                                                      widget=forms.RadioSelect,
                                                      error_messages={"required": "Kies een antwoord."})
                ids.append(q.id)
            self.groepen.append((c.naam, c.omschrijving, ids))

    def per_conditie(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(n, o, [self[i] for i in ids]) for n, o, ids in self.groepen]

    def antwoorden(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.cleaned_data.items()}


class ImportForm(forms.Form):
    bestand = forms.FileField(label="Inventaris (YAML)",
                              help_text="Een bestand dat Regiekamer eerder exporteerde, eventueel bewerkt.")
    vervangen = forms.BooleanField(label="Bestaande voorzieningen en enquêtes van deze gemeente eerst verwijderen",
                                   required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opmaak(self)
