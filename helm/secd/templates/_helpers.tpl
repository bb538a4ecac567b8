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
{{- define "secd.mysqlCADir" -}}/etc/secd/mysql-ca{{- end }}

{{/*
The --database URL: database.url, with the MySQL TLS settings as query parameters when
database.tls is on (ssl_mode always, ssl_ca when a CA Secret is named).
*/}}
{{- define "secd.databaseUrl" -}}
{{- $tls := .Values.database.tls | default dict -}}
{{- if $tls.enabled -}}
{{- $q := list (printf "ssl_mode=%s" $tls.mode) -}}
{{- if ($tls.caSecret | default dict).name -}}
{{- $q = append $q (printf "ssl_ca=%s/ca.crt" (include "secd.mysqlCADir" .)) -}}
{{- end -}}
{{- printf "%s?%s" .Values.database.url (join "&" $q) -}}
{{- else -}}
{{- .Values.database.url -}}
{{- end -}}
{{- end }}

{{/*
Whether the MySQL CA Secret is mounted ("true" or "").
*/}}
{{- define "secd.mysqlCA" -}}
{{- $tls := .Values.database.tls | default dict -}}
{{- if and $tls.enabled ($tls.caSecret | default dict).name -}}true{{- end -}}
{{- end }}

{{- define "secd.mysqlCAVolume" -}}
{{- if include "secd.mysqlCA" . }}
- name: mysql-ca
  secret:
    secretName: {{ .Values.database.tls.caSecret.name }}
    defaultMode: 0440
    items:
      - key: {{ .Values.database.tls.caSecret.key }}
        path: ca.crt
{{- end }}
{{- end }}

{{- define "secd.mysqlCAVolumeMount" -}}
{{- if include "secd.mysqlCA" . }}
- name: mysql-ca
  mountPath: {{ include "secd.mysqlCADir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{/*
The Secrets the pods use, by name (for the roll-on-change annotation).
*/}}
{{- define "secd.secretNames" -}}
{{- $names := list .Values.database.passwordSecret.name .Values.tokens.secretName -}}
{{- if .Values.tls.enabled -}}
{{- $names = append $names .Values.tls.secretName -}}
{{- if .Values.tls.clientCA.enabled -}}
{{- $names = append $names .Values.tls.clientCA.secretName -}}
{{- end -}}
{{- end -}}
{{- if include "secd.mysqlCA" . -}}
{{- $names = append $names .Values.database.tls.caSecret.name -}}
{{- end -}}
{{- $names | uniq | join "," -}}
{{- end }}

{{/*
NAME=RESOURCEVERSION for each Secret the pods use, looked up in the cluster at install/upgrade
(a changed Secret changes its resourceVersion, and so the pod template). `helm template` and
--dry-run cannot look up: the versions are empty there.
*/}}
{{- define "secd.secretVersions" -}}
{{- $ns := .Release.Namespace -}}
{{- $out := list -}}
{{- range $name := splitList "," (include "secd.secretNames" .) -}}
{{- $s := lookup "v1" "Secret" $ns $name | default dict -}}
{{- $out = append $out (printf "%s=%s" $name (dig "metadata" "resourceVersion" "" $s)) -}}
{{- end -}}
{{- join "," $out -}}
{{- end }}

{{/*
The pods' spreading: affinity as given, else the podAntiAffinity preset; topology spread
constraints as given, else the topologySpread preset.
*/}}
{{- define "secd.affinity" -}}
{{- if .Values.affinity -}}
{{- toYaml .Values.affinity -}}
{{- else if eq .Values.podAntiAffinity.type "soft" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: {{ .Values.podAntiAffinity.weight }}
      podAffinityTerm:
        topologyKey: {{ .Values.podAntiAffinity.topologyKey }}
        labelSelector:
          matchLabels:
            {{- include "secd.selectorLabels" . | nindent 12 }}
{{- else if eq .Values.podAntiAffinity.type "hard" -}}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: {{ .Values.podAntiAffinity.topologyKey }}
      labelSelector:
        matchLabels:
          {{- include "secd.selectorLabels" . | nindent 10 }}
{{- end -}}
{{- end }}

{{- define "secd.topologySpreadConstraints" -}}
{{- if .Values.topologySpreadConstraints -}}
{{- toYaml .Values.topologySpreadConstraints -}}
{{- else if .Values.topologySpread.enabled -}}
- maxSkew: {{ .Values.topologySpread.maxSkew }}
  topologyKey: {{ .Values.topologySpread.topologyKey }}
  whenUnsatisfiable: {{ .Values.topologySpread.whenUnsatisfiable }}
  labelSelector:
    matchLabels:
      {{- include "secd.selectorLabels" . | nindent 6 }}
  # Spread each rollout's pods, not old and new together (beta and on by default in 1.27).
  matchLabelKeys: [pod-template-hash]
{{- end -}}
{{- end }}

{{/*
How many replicas run at the least: autoscaling.minReplicas with the HPA, else replicaCount.
*/}}
{{- define "secd.minReplicas" -}}
{{- if .Values.autoscaling.enabled -}}
{{- .Values.autoscaling.minReplicas -}}
{{- else -}}
{{- .Values.replicaCount -}}
{{- end -}}
{{- end }}

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
{{- include "secd.mysqlCAVolume" . }}
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
{{- include "secd.mysqlCAVolumeMount" . }}
{{- end }}
