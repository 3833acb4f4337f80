{{/*
Labels of every object of this chart. Call with
(dict "root" $ "name" "<app name>" "component" "<component>").
*/}}
{{- define "acolhimento-apps.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: central-acolhimento
app.kubernetes.io/managed-by: argocd
environment: {{ .root.Values.environment }}
team: {{ .root.Values.labels.team }}
cost-centre: {{ .root.Values.labels.costCentre }}
{{- end }}

{{/*
Sync policy shared by every child Application: automated (prune + self-heal)
where the cluster allows it, manual otherwise (production). Retries cover the
bootstrap order: an Application whose CRDs are not installed yet fails its
dry run and succeeds on a later attempt.
*/}}
{{- define "acolhimento-apps.syncPolicy" -}}
{{- if .Values.syncPolicy.automated -}}
automated:
  prune: true
  selfHeal: true
{{ end -}}
retry:
  limit: 10
  backoff:
    duration: 10s
    factor: 2
    maxDuration: 5m
{{- end }}

{{/* Namespace of the environment of this cluster. */}}
{{- define "acolhimento-apps.envNamespace" -}}
central-acolhimento-{{ .Values.environment }}
{{- end }}
