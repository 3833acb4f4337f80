{{/*
Labels of every object of this chart. Call with
(dict "root" $ "name" "<name>" "component" "<component>").
*/}}
{{- define "platform-config.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: central-acolhimento
app.kubernetes.io/managed-by: argocd
environment: {{ .root.Values.environment }}
team: {{ .root.Values.labels.team }}
cost-centre: {{ .root.Values.labels.costCentre }}
{{- end }}
