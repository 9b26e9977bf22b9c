#!/usr/bin/env python3
"""How much could a deep filter add here? An oracle study for the deep-filtering variant (train-denoiser --deep-filter).

Usage: python3 tools/train/deep-filter-oracle.py SET SNR W   (SET from tools/heldout/make-heldout.sh, at 22,050 Hz; SNR
such as snr0; W frames per fitting window). For every third file it takes the STFT the models use (n_fft 512, hop 256,
centred periodic Hann) of the clean and the noisy speech, keeps bins 1-95 (the deep filter's band, below 4.1 kHz),
applies the ideal gain mask min(1, |S| / |X|), and then fits, per bin and window of W frames, the 5-tap complex filter
over frames t-2..t+2 of the noisy STFT that best predicts what the mask left wrong (least squares against the clean
STFT: an oracle). It prints the band's SDR after the ideal mask, after the oracle filter, and after the same fit to the
residual with its frames shuffled (what 5 taps explain by chance in W frames); the difference between the last two is
what the frames' structure offers a deep filter at best. numpy only.
"""
import numpy as np, scipy.io.wavfile as w, os, sys
def stft(x):
    n=512; h=256; win=0.5-0.5*np.cos(2*np.pi*np.arange(n)/n)
    x=np.pad(x,(n//2,n//2)); T=1+(len(x)-n)//h
    fr=np.stack([x[t*h:t*h+n]*win for t in range(T)])
    return np.fft.rfft(fr,axis=1).T  # [bin][frame]
d=sys.argv[1]; snr=sys.argv[2]; W=int(sys.argv[3])
tot={'irm':0,'df_res':0,'df_chance':0,'sig':0}
files=sorted(os.listdir(f'{d}/clean/{snr}'))[::3]
for f in files:
    _,s=w.read(f'{d}/clean/{snr}/{f}'); _,x=w.read(f'{d}/noisy/{snr}/{f}')
    s=s.astype(float); x=x.astype(float)
    S=stft(s)[1:96]; X=stft(x)[1:96]
    g=np.minimum(1,np.abs(S)/np.maximum(np.abs(X),1e-9)); Y=g*X; R=S-Y
    T=X.shape[1]; Xp=np.pad(X,((0,0),(2,2)))
    A=np.stack([Xp[:,n:n+T] for n in range(5)],axis=2)  # [bin][t][tap]
    res=0; chance=0
    rng=np.random.default_rng(0)
    for k in range(X.shape[0]):
        for t0 in range(0,T-W+1,W):
            a=A[k,t0:t0+W]; r=R[k,t0:t0+W]
            c,*_=np.linalg.lstsq(a,r,rcond=None); res+=np.sum(np.abs(r-a@c)**2)
            rr=r[rng.permutation(W)]  # same residual, time order destroyed: what 5 taps explain by chance
            c2,*_=np.linalg.lstsq(a,rr,rcond=None); chance+=np.sum(np.abs(rr-a@c2)**2)
    tot['irm']+=np.sum(np.abs(R[:, :T//W*W])**2); tot['df_res']+=res; tot['df_chance']+=chance; tot['sig']+=np.sum(np.abs(S[:, :T//W*W])**2)
print(snr, 'W',W, 'files',len(files), 'low-band SDR: ideal mask %.2f dB, + oracle 5-tap filter %.2f dB (shuffled residual %.2f dB)'%(
    10*np.log10(tot['sig']/tot['irm']), 10*np.log10(tot['sig']/tot['df_res']), 10*np.log10(tot['sig']/tot['df_chance'])))
