{{/*
Expand the name of the chart.
*/}}
{{- define "secd.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name (63 characters at most: some Kubernetes name fields are
limited to this by the DNS naming spec). If the release name contains the chart name it is used
as the full name.
*/}}
{{- define "secd.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "secd.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "secd.labels" -}}
helm.sh/chart: {{ include "secd.chart" . }}
{{ include "secd.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "secd.selectorLabels" -}}
app.kubernetes.io/name: {{ include "secd.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "secd.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "secd.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference; the tag defaults to the chart's appVersion.
*/}}
{{- define "secd.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Where the Secrets are mounted in the pod.
*/}}
{{- define "secd.tokensDir" -}}/etc/secd/tokens{{- end }}
{{- define "secd.tlsDir" -}}/etc/secd/tls{{- end }}
{{- define "secd.clientCADir" -}}/etc/secd/client-ca{{- end }}

{{/*
The secd container's environment, shared by the Deployment and the migration Job: flags from
the ConfigMap, the database password from its Secret (never a literal value).
*/}}
{{- define "secd.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "secd.fullname" . }}
env:
  - name: SECD_DATABASE_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ .Values.database.passwordSecret.name }}
        key: {{ .Values.database.passwordSecret.key }}
{{- end }}

{{/*
Volumes holding the tokens file and the TLS material (Secret volumes), and /tmp.
*/}}
{{- define "secd.secretVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
- name: tokens
  secret:
    secretName: {{ .Values.tokens.secretName }}
    defaultMode: 0440
    items:
      - key: {{ .Values.tokens.key }}
        path: tokens
{{- if .Values.tls.enabled }}
- name: tls
  secret:
    secretName: {{ .Values.tls.secretName }}
    defaultMode: 0440
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
{{- if .Values.tls.clientCA.enabled }}
- name: client-ca
  secret:
    secretName: {{ .Values.tls.clientCA.secretName }}
    defaultMode: 0440
    items:
      - key: {{ .Values.tls.clientCA.key }}
        path: ca.crt
{{- end }}
{{- end }}
{{- end }}

{{- define "secd.secretVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: tokens
  mountPath: {{ include "secd.tokensDir" . }}
  readOnly: true
{{- if .Values.tls.enabled }}
- name: tls
  mountPath: {{ include "secd.tlsDir" . }}
  readOnly: true
{{- if .Values.tls.clientCA.enabled }}
- name: client-ca
  mountPath: {{ include "secd.clientCADir" . }}
  readOnly: true
{{- end }}
{{- end }}
{{- end }}
